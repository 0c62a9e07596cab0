import IngestCore

/// `GET /v1/functions`: every function with its counters.
public struct ListFunctionsOperation: PlainControlOperation {
    public typealias Reply = [FunctionSummary]
    public static let method = ControlMethod.get
    public static let pattern = "v1/functions"
    public init() {}
}

/// `GET /v1/mappings`: every event source mapping.
public struct ListMappingsOperation: PlainControlOperation {
    public typealias Reply = [MappingSummary]
    public static let method = ControlMethod.get
    public static let pattern = "v1/mappings"
    public init() {}
}

/// `POST /v1/functions/{name}/configure`: the local "deploy a fix".
public struct ConfigureFunctionOperation: FunctionBodyOperation {
    public typealias Reply = FunctionConfiguration
    public static let method = ControlMethod.post
    public static let pattern = "v1/functions/:name/configure"
    public var name: String
    public var body: ControlAPI.ConfigureFunctionBody

    public init(name: String, body: ControlAPI.ConfigureFunctionBody) {
        self.name = name
        self.body = body
    }
}

/// `POST /v1/functions/{name}/code`: deploys code to a function without a restart (`ingest function update-code`).
public struct UpdateFunctionCodeOperation: FunctionBodyOperation {
    public typealias Reply = FunctionConfiguration
    public static let method = ControlMethod.post
    public static let pattern = "v1/functions/:name/code"
    public var name: String
    public var body: ControlAPI.UpdateCodeBody

    public init(name: String, body: ControlAPI.UpdateCodeBody) {
        self.name = name
        self.body = body
    }
}

/// `POST /v1/stream/replay`: resets a stream consumer to a sequence number or a time.
public struct ReplayStreamOperation: BodyControlOperation {
    public typealias Reply = StreamConsumerStatus
    public static let method = ControlMethod.post
    public static let pattern = "v1/stream/replay"
    public var body: ControlAPI.StreamReplayBody
    public init(body: ControlAPI.StreamReplayBody) { self.body = body }
}
