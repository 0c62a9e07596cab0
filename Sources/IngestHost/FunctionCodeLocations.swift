import Foundation
import IngestCore

/// Where functions' code is on this machine: a template's relative `Code` paths are relative to the template's
/// directory (the working directory for the bundled template), and `--code FunctionName=PATH` replaces a function's
/// code and binds it to that code.
enum FunctionCodeLocations {
    /// Makes every code path absolute and applies `--code`; returns the `FunctionName=code` handler overrides
    /// `--code` implies.
    static func apply(to definition: inout PipelineDefinition, templatePath: String?, overrides: [String]) throws -> [String] {
        let base = templatePath.map { (absolute($0) as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
        for i in definition.functions.indices {
            if case .path(let p)? = definition.functions[i].code { definition.functions[i].code = .path(absolute(p, base: base)) }
        }
        var handlers: [String] = []
        for o in overrides {
            guard let eq = o.firstIndex(of: "="), eq != o.startIndex, o.index(after: eq) != o.endIndex else {
                throw HostError.usage("--code takes FunctionName=PATH, got '\(o)'")
            }
            let name = String(o[..<eq])
            let path = absolute(String(o[o.index(after: eq)...]))
            guard let i = definition.functions.firstIndex(where: { $0.name == name || $0.logicalId == name }) else {
                let known = definition.functions.map(\.name).joined(separator: ", ")
                throw HostError.usage("--code names '\(name)', which is not a function of the template (functions: \(known))")
            }
            guard FileManager.default.fileExists(atPath: path) else { throw HostError.usage("--code \(name)=\(path): no such file or directory") }
            definition.functions[i].code = .path(path)
            handlers.append("\(definition.functions[i].name)=\(FunctionDefinition.codeHandler)")
        }
        return handlers
    }

    /// `path` made absolute against `base` (the working directory by default), with `.` and `..` resolved.
    static func absolute(_ path: String, base: String = FileManager.default.currentDirectoryPath) -> String {
        let full = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
