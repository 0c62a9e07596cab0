import Foundation

/// A process's memory as Linux reports it in `/proc/PID/status`.
public enum ProcessMemory {
    /// The peak resident set (`VmHWM`) in KB of `pid` (`"self"` for this process), or `nil` where /proc has none.
    public static func peakResidentKB(of pid: String = "self") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
