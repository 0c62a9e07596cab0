import IngestCore

/// `sleep`: waits `SLEEP_MS` milliseconds (default 1000) on the engine's clock, then succeeds. With a
/// manual clock or a sleep longer than the function's timeout it shows timeouts and their retries.
public struct SleepHandler: NamedHandler {
    public static let name = "sleep"

    public let millis: Int

    public init(environment: [String: String] = [:]) throws(HandlerError) {
        millis = try HandlerSupport.int(environment, "SLEEP_MS", default: 1_000, range: 0...900_000)
    }

    public func handle(_ event: JSONValue, context: InvocationContext) async throws -> JSONValue? {
        let start = context.clock.now()
        try await context.clock.sleep(until: start.adding(millis: Int64(millis)))
        context.logger.info("slept \(millis) ms")
        return HandlerSupport.batchResult(failures: [])
    }
}
