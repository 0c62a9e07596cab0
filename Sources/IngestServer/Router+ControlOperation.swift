import Foundation
import HTTPTypes
import Hummingbird
import IngestAPI
import IngestCore

extension Router where Context == BasicRequestContext {
    /// Serves one control operation: reads its parts from the request, decodes it (an unreadable value is a
    /// 400 `InvalidParameterValue`), runs it and answers its reply as JSON, or the error's status and body.
    func register<Op: ControlOperation>(_ op: Op.Type, _ run: @escaping @Sendable (Op) async throws -> Op.Reply) {
        on(RouterPath(Op.pattern), method: HTTPRequest.Method(Op.method.rawValue)!) { req, ctx in
            await ControlServer.reply {
                let operation = try Op(request: try await ControlRequest(req, ctx, for: Op.self))
                return try await run(operation)
            }
        }
    }
}

extension ControlRequest {
    /// The parts of a Hummingbird request for an operation: its path values unescaped, its query items and
    /// (for methods that carry one) its body.
    init<Op: ControlOperation>(_ req: Request, _ ctx: BasicRequestContext, for op: Op.Type) async throws {
        var values: [String: String] = [:]
        for name in Op.pathNames { values[name] = ctx.parameters.get(name).map(ControlTarget.unescaped) }
        let query = req.uri.queryParameters.map { QueryItem(String($0.key), String($0.value)) }
        var body: Data?
        if Op.method != .get && Op.method != .delete {
            body = Data(buffer: try await req.body.collect(upTo: Op.maxBodyBytes))
        }
        self.init(pathValues: values, query: query, body: body)
    }
}
