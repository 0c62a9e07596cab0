import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt` next to this file. `RECORD_SNAPSHOTS=1` rewrites the file;
/// a missing file is written and the test fails with "recorded", so every baseline is reviewed in a diff.
enum SnapshotSupport {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false }

    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if recording || existing == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try text.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not write \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            if existing == nil || existing != text {
                Issue.record("recorded snapshot \(name).txt; review it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        if existing != text {
            let old = existing?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
            let new = text.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
            let expected = firstDiff < old.count ? String(old[firstDiff]) : "<end>"
            let actual = firstDiff < new.count ? String(new[firstDiff]) : "<end>"
            Issue.record("snapshot \(name).txt differs at line \(firstDiff + 1):\n  expected: \(expected)\n  actual:   \(actual)\n(RECORD_SNAPSHOTS=1 rewrites)",
                         sourceLocation: sourceLocation)
        }
    }
}
