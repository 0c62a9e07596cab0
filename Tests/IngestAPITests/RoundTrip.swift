import Foundation
import IngestAPI

/// What the client sends and the server reads back, without a network in between.
enum RoundTrip {
    /// The operation as the server decodes it from the target and body the client would send.
    static func decoded<Op: ControlOperation>(_ op: Op) throws -> Op {
        let parts = try op.request()
        let target = Op.target(of: parts)
        guard let read = ControlTarget.parts(of: target, pattern: Op.pattern, body: parts.body) else {
            throw Mismatch(target: target, pattern: Op.pattern)
        }
        return try Op(request: read)
    }

    /// The operation a bare target (and body) decodes as.
    static func decode<Op: ControlOperation>(_ type: Op.Type, _ target: String, body: String? = nil) throws -> Op {
        guard let read = ControlTarget.parts(of: target, pattern: Op.pattern, body: body.map { Data($0.utf8) }) else {
            throw Mismatch(target: target, pattern: Op.pattern)
        }
        return try Op(request: read)
    }

    struct Mismatch: Error {
        var target: String
        var pattern: String
    }
}
