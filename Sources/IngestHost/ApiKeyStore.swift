import Foundation
import IngestAPI
import IngestCore

/// The gateway's API keys: values from the template, or generated once and kept (mode 0600) in the
/// data directory so clients keep working across restarts.
public enum ApiKeyStore {
    public static let fileName = "api-keys.json"

    public static func resolve(_ definitions: [ApiKeyDefinition], in dir: DataDirectory) throws -> [ApiKeyInfo] {
        var generated: [String: ApiKeyInfo] = [:]
        if let data = FileManager.default.contents(atPath: dir.file(fileName)),
           let list = try? JSONDecoder().decode([ApiKeyInfo].self, from: data) {
            for k in list { generated[k.name] = k }
        }
        var result: [ApiKeyInfo] = []
        var changed = false
        for d in definitions {
            if let v = d.value, !v.isEmpty {
                result.append(ApiKeyInfo(name: d.name, id: keyId(d.name), value: v, enabled: d.enabled, source: "template"))
            } else if var k = generated[d.name] {
                k.enabled = d.enabled
                result.append(k)
            } else {
                let k = ApiKeyInfo(name: d.name, id: keyId(d.name), value: randomKey(), enabled: d.enabled, source: "generated")
                generated[d.name] = k
                result.append(k)
                changed = true
            }
        }
        if changed {
            let data = try JSONEncoder().encode(generated.values.sorted { $0.name < $1.name })
            try dir.writePrivate(fileName, String(decoding: data, as: UTF8.self))
        }
        return result
    }

    /// A 40-character key of letters and digits, as API Gateway generates.
    public static func randomKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<40).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// A stable 10-character id for a key name (ids are not secret).
    public static func keyId(_ name: String) -> String {
        String(MD5.hex("apikey:" + name).prefix(10))
    }
}
