import IngestCore

/// Typed access to resolved template properties, raising `AlarmError`s that name the alarm.
struct AlarmProperties {
    let object: [String: JSONValue]

    init(_ value: JSONValue) { object = value.objectValue ?? [:] }

    subscript(key: String) -> JSONValue? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String, alarm: String) throws(AlarmError) -> String? {
        guard let v = self[key] else { return nil }
        switch v {
        case .string(let s): return s
        case .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: throw .validation(alarm, "\(key) must be a string, got \(v.kindName)")
        }
    }

    func int(_ key: String, alarm: String) throws(AlarmError) -> Int? {
        guard let v = self[key] else { return nil }
        guard let i = v.intValue else { throw .validation(alarm, "\(key) must be an integer, got \(PropertyReader.show(v))") }
        return i
    }

    func double(_ key: String, alarm: String) throws(AlarmError) -> Double? {
        guard let v = self[key] else { return nil }
        guard let d = v.doubleValue, d.isFinite else { throw .validation(alarm, "\(key) must be a number, got \(PropertyReader.show(v))") }
        return d
    }

    func bool(_ key: String, alarm: String) throws(AlarmError) -> Bool? {
        guard let v = self[key] else { return nil }
        switch v {
        case .bool(let b): return b
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default: throw .validation(alarm, "\(key) must be true or false, got \(PropertyReader.show(v))")
        }
    }

    func strings(_ key: String, alarm: String) throws(AlarmError) -> [String] {
        guard let v = self[key] else { return [] }
        guard let items = v.arrayValue else { throw .validation(alarm, "\(key) must be a list of ARNs, got \(v.kindName)") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw .validation(alarm, "\(key) entries must be strings, got \(item.kindName)") }
            out.append(s)
        }
        return out
    }

    func dimensions(alarm: String) throws(AlarmError) -> [String: String] {
        guard let v = self["Dimensions"] else { return [:] }
        guard let items = v.arrayValue else { throw .validation(alarm, "Dimensions must be a list of {Name, Value}, got \(v.kindName)") }
        var out: [String: String] = [:]
        for item in items {
            guard let name = item["Name"]?.stringValue, let raw = item["Value"] else {
                throw .validation(alarm, "each dimension needs a Name and a Value")
            }
            let value: String
            switch raw {
            case .string(let s), .number(let s): value = s
            default: throw .validation(alarm, "dimension \(name) needs a string Value, got \(raw.kindName)")
            }
            guard out[name] == nil else { throw .validation(alarm, "dimension \(name) is given twice") }
            out[name] = value
        }
        return out
    }
}
