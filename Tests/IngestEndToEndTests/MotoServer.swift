import Foundation
import IngestTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// moto's server mode (`pip install 'moto[server]'`) on a free loopback port: a third-party implementation
/// of the AWS APIs, standing in for an account in the tests that operate "real AWS".
final class MotoServer: @unchecked Sendable {
    // @unchecked: set once in init, read afterwards.
    let url: String
    private let process: Process
    private let logPath: String

    static let isAvailable = IngestBinary.probe(["python3", "-c", "import moto.server, boto3"])

    init() throws {
        let port = try Self.freePort()
        url = "http://127.0.0.1:\(port)"
        logPath = IngestBinary.temporaryDirectory("ingest-moto") + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)!
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; from moto.server import main; sys.exit(main())", "-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Polls until moto answers HTTP, or fails with its output after `seconds`.
    func waitUntilReady(seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        let probe = "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)"
        while Date() < deadline {
            guard process.isRunning else { throw EngineProcessError.exited(process.terminationStatus, output) }
            if try await IngestBinary.runTool(["python3", "-c", probe, url]).status == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw EngineProcessError.notReady(output)
    }

    /// SIGKILL: the test runner's threads may block SIGTERM, and a child inherits that mask, so moto would
    /// never see a SIGTERM (it keeps nothing worth a clean exit).
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    deinit { terminate() }

    /// A port the kernel just handed out on loopback and released (moto takes no port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EngineProcessError.notReady("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw EngineProcessError.notReady("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
