import ArgumentParser
import Foundation
import IngestClient
import IngestCore
import IngestHost

/// How a command ends when it does not succeed: one line on stderr and an exit code.
enum CLIError: Error, CustomStringConvertible {
    /// The operation was refused or failed (exit 1).
    case failed(String)
    /// The command line was wrong (exit 2).
    case usage(String)

    var description: String {
        switch self {
        case .failed(let m), .usage(let m): return m
        }
    }

    var exitCode: Int32 {
        switch self {
        case .failed: return 1
        case .usage: return 2
        }
    }
}

/// The process entry point: parses, runs, and maps every error to one line and an exit code
/// (0 success, 1 refused, 2 usage).
@main
enum Main {
    static func main() async {
        var command: ParsableCommand
        do {
            command = try Ingest.parseAsRoot()
        } catch {
            let code = Ingest.exitCode(for: error)
            let text = Ingest.fullMessage(for: error)
            if code == .success {
                print(text)
                exit(0)
            }
            FileHandle.standardError.write(Data((text + "\n").utf8))
            exit(2)
        }
        do {
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let e as CLIError {
            fail(e.description, e.exitCode)
        } catch let e as HostError {
            fail(e.description, e.isUsage ? 2 : 1)
        } catch let e as ControlClientError {
            fail(e.description, 1)
        } catch let e as ExitCode {
            exit(e.rawValue)
        } catch let e as SQSError {
            fail(e.description, 1)
        } catch let e as SNSError {
            fail(e.description, 1)
        } catch {
            // `--help`, `help CMD` and `--version` arrive here as errors whose exit code is success.
            let code = Ingest.exitCode(for: error)
            if code == .success {
                print(Ingest.fullMessage(for: error))
                exit(0)
            }
            if code == .validationFailure || code.rawValue == 64 {
                fail(Ingest.fullMessage(for: error), 2)
            }
            fail("\(error)", 1)
        }
    }

    static func fail(_ message: String, _ code: Int32) -> Never {
        FileHandle.standardError.write(Data(("ingest: " + message + "\n").utf8))
        exit(code)
    }
}
