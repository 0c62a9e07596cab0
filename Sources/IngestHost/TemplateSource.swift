import Foundation
import IngestCore
import IngestTemplate

/// Where the pipeline definition comes from: a template file or the bundled one.
public enum TemplateSource {
    public static let bundledName = "user-ingestion.yaml (bundled)"

    /// The bundled template's text, embedded in the binary.
    public static var bundledText: String { String(decoding: PackageResources.user_ingestion_yaml, as: UTF8.self) }

    /// Loads and resolves the template with `K=V` parameter overrides.
    public static func load(path: String?, parameters: [String], context: AWSContext) throws -> PipelineDefinition {
        var overrides: [String: String] = [:]
        for p in parameters {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw HostError.usage("--parameter takes Name=Value, got '\(p)'")
            }
            overrides[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        let loader = TemplateLoader(context: context)
        do {
            if let path {
                guard FileManager.default.fileExists(atPath: path) else { throw HostError("template \(path) does not exist") }
                return try loader.load(path: path, parameters: overrides)
            }
            return try loader.load(text: bundledText, file: bundledName, parameters: overrides)
        } catch let e as TemplateError {
            throw HostError("template error: \(e.description)")
        }
    }
}
