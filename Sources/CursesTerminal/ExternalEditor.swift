import Foundation
import IngestConsole

/// Opens `$VISUAL`/`$EDITOR` (else `vi`) on a text in a private temporary file, with curses paused.
@MainActor
enum ExternalEditor {
    /// The edited text, or `nil` when the editor failed or could not start.
    static func edit(_ text: String, suffix: String, terminal: CursesTerminal) -> String? {
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-edit-\(UUID().uuidString)")
        let file = dir.appendingPathComponent("message\(suffix)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try Data(text.utf8).write(to: file)
        } catch {
            return nil
        }
        return terminal.whilePaused {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The editor may carry arguments (`code --wait`); the file name is passed as $1, never spliced into the script.
            process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
            process.standardInput = FileHandle(fileDescriptor: terminal.ttyInput, closeOnDealloc: false)
            process.standardOutput = FileHandle(fileDescriptor: terminal.ttyOutput, closeOnDealloc: false)
            process.standardError = FileHandle(fileDescriptor: terminal.ttyOutput, closeOnDealloc: false)
            do {
                try process.run()
                process.waitUntilExit()
            } catch {
                return nil
            }
            guard process.terminationStatus == 0, let data = try? Data(contentsOf: file) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
