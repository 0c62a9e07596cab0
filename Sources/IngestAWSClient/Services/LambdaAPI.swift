import IngestAWSAuth
import IngestCore

/// A Lambda function as ListFunctions returns it.
public struct LambdaFunctionInfo: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var runtime: String?
    public var handler: String?
    public var timeout: Int
    public var memorySize: Int
    public var environment: [String: String]
}

/// An event source mapping as ListEventSourceMappings returns it.
public struct EventSourceMappingInfo: Sendable, Hashable {
    public var uuid: String
    public var functionArn: String
    public var eventSourceArn: String
    public var state: String
    public var batchSize: Int

    /// `Enabled`, `Enabling` and `Creating` count as enabled (the mapping polls or is about to).
    public var enabled: Bool { ["Enabled", "Enabling", "Creating", "Updating"].contains(state) }
    public var functionName: String { String(functionArn.split(separator: ":").dropFirst(6).first ?? Substring(functionArn)) }
}

/// The Lambda actions the console uses, over REST-JSON (`/2015-03-31/...`).
public struct LambdaAPI: Sendable {
    public let connection: AWSConnection
    public init(_ connection: AWSConnection) { self.connection = connection }

    public func listFunctions() async throws(AWSClientError) -> [LambdaFunctionInfo] {
        var out: [LambdaFunctionInfo] = []
        var marker: String?
        var pages = 0
        repeat {
            pages += 1
            let r = try await connection.rest(.lambda, action: "ListFunctions", method: "GET", path: "/2015-03-31/functions/",
                                              query: marker.map { [("Marker", $0)] } ?? [])
            for f in r["Functions"]?.arrayValue ?? [] {
                guard let name = f["FunctionName"]?.stringValue else { continue }
                out.append(LambdaFunctionInfo(name: name, arn: f["FunctionArn"]?.stringValue ?? "", runtime: f["Runtime"]?.stringValue,
                                              handler: f["Handler"]?.stringValue, timeout: f["Timeout"]?.intValue ?? 3,
                                              memorySize: f["MemorySize"]?.intValue ?? 128,
                                              environment: (f["Environment"]?["Variables"]?.objectValue ?? [:]).compactMapValues(\.stringValue)))
            }
            marker = r["NextMarker"]?.stringValue
        } while marker != nil && out.count < 10_000 && pages < AWSConnection.maxPages
        return out
    }

    public func listMappings() async throws(AWSClientError) -> [EventSourceMappingInfo] {
        var out: [EventSourceMappingInfo] = []
        var marker: String?
        var pages = 0
        repeat {
            pages += 1
            let r = try await connection.rest(.lambda, action: "ListEventSourceMappings", method: "GET", path: "/2015-03-31/event-source-mappings/",
                                              query: marker.map { [("Marker", $0)] } ?? [])
            out += (r["EventSourceMappings"]?.arrayValue ?? []).compactMap(Self.mapping)
            marker = r["NextMarker"]?.stringValue
        } while marker != nil && out.count < 10_000 && pages < AWSConnection.maxPages
        return out
    }

    public func setMapping(_ uuid: String, enabled: Bool) async throws(AWSClientError) -> EventSourceMappingInfo? {
        let r = try await connection.rest(.lambda, action: "UpdateEventSourceMapping", method: "PUT",
                                          path: "/2015-03-31/event-source-mappings/\(SigV4Canonical.encode(uuid))", body: ["Enabled": .bool(enabled)])
        return Self.mapping(r)
    }

    static func mapping(_ m: JSONValue) -> EventSourceMappingInfo? {
        guard let uuid = m["UUID"]?.stringValue else { return nil }
        return EventSourceMappingInfo(uuid: uuid, functionArn: m["FunctionArn"]?.stringValue ?? "", eventSourceArn: m["EventSourceArn"]?.stringValue ?? "",
                                      state: m["State"]?.stringValue ?? "", batchSize: m["BatchSize"]?.intValue ?? 10)
    }
}
