/// Why a function's code cannot be started: an unsupported runtime, missing code or interpreter, a failed spawn.
struct ProcessRuntimeError: Error, Sendable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
