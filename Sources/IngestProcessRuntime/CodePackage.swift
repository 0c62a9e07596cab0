import Foundation
import IngestCore
import ZIPFoundation

/// A function's code as a directory the runtime starts in (`LAMBDA_TASK_ROOT`): a directory as it is, a `.zip`
/// extracted, a single source file or inline `ZipFile` source copied into a directory of its own.
struct CodePackage: Sendable, Hashable {
    /// The task root.
    let directory: String

    /// Whether `code` is there to run: inline source, or a path that exists.
    static func isPresent(_ code: FunctionCode?) -> Bool {
        switch code {
        case .inline?: return true
        case .path(let p)?: return FileManager.default.fileExists(atPath: p)
        default: return false
        }
    }

    /// The code of `function` as a directory; extracted or written ones go under `scratch`.
    static func prepare(_ function: FunctionDefinition, runtime: LanguageRuntime, scratch: String) throws(ProcessRuntimeError) -> CodePackage {
        let fm = FileManager.default
        func freshDirectory() throws(ProcessRuntimeError) -> String {
            let dir = (scratch as NSString).appendingPathComponent("\(function.name)-\(UUID().uuidString.prefix(8).lowercased())")
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw ProcessRuntimeError("cannot create \(dir): \(error.localizedDescription)")
            }
            return dir
        }
        switch function.code {
        case .inline(let source)?:
            guard let file = runtime.inlineFileName else {
                throw ProcessRuntimeError("Code.ZipFile is for Python and Node.js functions; \(function.runtime ?? "this runtime") needs a directory or .zip with a bootstrap")
            }
            let dir = try freshDirectory()
            do { try source.write(toFile: (dir as NSString).appendingPathComponent(file), atomically: true, encoding: .utf8) } catch {
                throw ProcessRuntimeError("cannot write the inline code of \(function.name): \(error.localizedDescription)")
            }
            return CodePackage(directory: dir)
        case .path(let path)?:
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ProcessRuntimeError("the code of \(function.name) is not there: \(path)")
            }
            if isDirectory.boolValue { return CodePackage(directory: path) }
            let dir = try freshDirectory()
            if path.lowercased().hasSuffix(".zip") {
                do { try fm.unzipItem(at: URL(fileURLWithPath: path), to: URL(fileURLWithPath: dir)) } catch {
                    throw ProcessRuntimeError("cannot extract \(path): \(error.localizedDescription)")
                }
                let bootstrap = (dir as NSString).appendingPathComponent("bootstrap")
                if fm.fileExists(atPath: bootstrap) { chmod(bootstrap, 0o755) }
            } else {
                let target = (dir as NSString).appendingPathComponent((path as NSString).lastPathComponent)
                do { try fm.copyItem(atPath: path, toPath: target) } catch {
                    throw ProcessRuntimeError("cannot copy \(path): \(error.localizedDescription)")
                }
            }
            return CodePackage(directory: dir)
        case .s3?, .image?:
            throw ProcessRuntimeError("the code of \(function.name) is in S3 or an image, which does not run here; give a local directory or .zip with --code \(function.name)=PATH")
        case nil:
            throw ProcessRuntimeError("function \(function.name) has no Code")
        }
    }
}
