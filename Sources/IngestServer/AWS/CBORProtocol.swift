import IngestCore

/// Routing of the Smithy RPC v2 CBOR protocol: `POST /service/{ServiceName}/operation/{Operation}` with
/// `smithy-protocol: rpc-v2-cbor` and a CBOR map (or nothing) as the body. The service name is the one
/// botocore puts in the path, the service's `targetPrefix` (`GraniteServiceVersion20100801`).
extension AWSCall {
    /// Decodes an RPC v2 request. An unknown service or operation is `UnknownOperationException` (404), another
    /// `smithy-protocol` or a body that is not `application/cbor` is refused (400, 415), an unreadable body is
    /// `SerializationException`; every failure is answered in CBOR.
    static func decodeRPCv2(path: String, smithyProtocol: String, contentType: String?, body: [UInt8]) -> Result<AWSCall, WireFailure> {
        func fail(_ e: AWSError) -> Result<AWSCall, WireFailure> { .failure(WireFailure(wire: .rpcv2CBOR, error: e)) }
        guard smithyProtocol.trimmingWhitespace() == CBOREncoding.protocolName else {
            return fail(AWSError(code: "UnsupportedProtocolException",
                                 message: "The smithy-protocol \(smithyProtocol) is not supported; this endpoint speaks rpc-v2-cbor.",
                                 namespace: "smithy.framework"))
        }
        let parts = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/", omittingEmptySubsequences: true) } ?? []
        guard parts.count == 4, parts[0] == "service", parts[2] == "operation",
              let service = AWSServices.all.first(where: { $0.model.rpcV2CBOR && $0.model.targetPrefix.map { $0[...] == parts[1] } ?? false }),
              service.model.operations.contains(String(parts[3])) else {
            var e = AWSError.unknownOperation(path)
            e.status = 404
            return fail(e)
        }
        let action = String(parts[3])
        guard !body.isEmpty else { return .success(AWSCall(service: service, wire: .rpcv2CBOR, action: action, input: AWSInput([:]))) }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() }
        guard type == CBOREncoding.contentType else {
            return fail(AWSError(code: "UnsupportedMediaTypeException", message: "An RPC v2 CBOR body must be sent as application/cbor.",
                                 status: 415, namespace: "smithy.framework"))
        }
        let value: CBORValue
        do { value = try CBORDecoder.decode(body) } catch {
            return fail(.serialization("The request body is not valid CBOR: \(error)"))
        }
        guard case .map = value else { return fail(.serialization("The request body is not a CBOR map.")) }
        do {
            guard case .object(let members) = try value.json() else { return fail(.serialization("The request body is not a CBOR map.")) }
            return .success(AWSCall(service: service, wire: .rpcv2CBOR, action: action, input: AWSInput(members)))
        } catch {
            return fail(error)
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
