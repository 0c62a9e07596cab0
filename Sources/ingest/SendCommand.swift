import ArgumentParser
import AsyncHTTPClient
import Foundation
import IngestAPI
import IngestClient
import IngestCore
import IngestServer
import NIOCore

/// `ingest send`: one sign-up through the gateway, encoded exactly as the seed's curl script encodes it.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one sign-up through the running gateway, exactly as the seed's curl test script does.",
        discussion: """
            Builds {"username":…,"user_id":…,"email":…} (username omitted when not given), percent-encodes every \
            byte of message and subject in lower-case hex, sends the topic ARN raw, and calls \
            GET <gateway>/<stage>/store with the x-api-key header. Prints the MessageId.
            """)

    @Option(name: .long, help: "The user's e-mail address.") var email: String
    @Option(name: .customLong("user-id"), help: "The user's id (the identity provider's immutable subject).") var userId: String
    @Option(name: .long, help: "The user name (optional, as in real Auth0 traffic).") var username: String?
    @Option(name: .long, help: "Subject.") var subject = "New user sign up"
    @Option(name: .long, help: "Topic ARN; default: the engine's first topic that has subscriptions.") var topic: String?
    @OptionGroup var options: EngineOptions

    func run() async throws {
        let client = try options.client()
        let keys = try await client.send(KeysOperation())
        guard let store = keys.storeURL else { throw CLIError.failed("the engine's gateway is not listening yet") }
        let topicArn: String
        if let topic { topicArn = topic } else {
            let status = try await client.send(StatusOperation())
            guard let t = status.topics.first(where: { !$0.subscriptions.isEmpty }) ?? status.topics.first else {
                throw CLIError.failed("the engine has no topic")
            }
            topicArn = t.arn
        }
        var message = "{"
        if let username { message += "\"username\":\(JSONValue.string(username).serialized())," }
        message += "\"user_id\":\(JSONValue.string(userId).serialized()),\"email\":\(JSONValue.string(email).serialized())}"
        let url = "\(store)?topic=\(topicArn)&message=\(QueryString.encodeEveryByte(message))&subject=\(QueryString.encodeEveryByte(subject))"
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let key = keys.keys.first(where: \.enabled) { request.headers.add(name: "x-api-key", value: key.value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw CLIError.failed("the gateway answered \(response.status.code): \(body)")
        }
        if options.json { print(body); return }
        print(JSONValue.parse(bodyOrEmpty: body)["MessageId"]?.stringValue ?? body)
    }
}

extension JSONValue {
    static func parse(bodyOrEmpty s: String) -> JSONValue { (try? JSONValue.parse(s)) ?? .null }
}
