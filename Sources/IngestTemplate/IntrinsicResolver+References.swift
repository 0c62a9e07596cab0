import IngestCore

extension IntrinsicResolver {
    /// `Ref`: a pseudo parameter, a parameter or a resource.
    func ref(_ call: Call) throws(TemplateError) -> JSONValue? {
        guard let name = call.argument.scalar?.stringValue else {
            throw fail(call.line, "\(call.display) takes the name of a parameter or resource, got \(call.argument.kindName)")
        }
        return try lookup(name, line: call.line, display: call.display)
    }

    /// What `Ref name` gives; `nil` for `AWS::NoValue`.
    func lookup(_ name: String, line: Int, display: String) throws(TemplateError) -> JSONValue? {
        if name == "AWS::NoValue" { return nil }
        if let pseudo = PseudoParameters.value(name, context: context) { return pseudo }
        if name.hasPrefix("AWS::") { throw fail(line, "\(display) names unknown pseudo parameter '\(name)'") }
        if let value = parameters.values[name] { return value }
        return try resource(name, line: line, display: display).ref
    }

    /// The identity of resource `name`, with an error saying why it cannot be used.
    private func resource(_ name: String, line: Int, display: String) throws(TemplateError) -> ResourceIdentity {
        if let identity = resources[name] { return identity }
        if let condition = omitted[name] {
            throw fail(line, "\(display) names resource '\(name)', which is not created because its condition \(condition) is false")
        }
        if resourceTypes[name] != nil {
            throw fail(line, "\(display) cannot name resource '\(name)' here: only parameters and pseudo parameters can be used in this section")
        }
        throw fail(line, "\(display) names unknown \(display.contains("GetAtt") ? "resource" : "parameter or resource") '\(name)'")
    }

    /// `Fn::GetAtt`: `Resource.Attribute` or `[Resource, Attribute]`.
    func getAtt(_ call: Call) throws(TemplateError) -> JSONValue {
        let logicalId: String, attribute: String
        if let text = call.argument.scalar?.stringValue {
            guard let dot = text.firstIndex(of: ".") else {
                throw fail(call.line, "\(call.display) takes Resource.Attribute or [Resource, Attribute], got '\(text)'")
            }
            logicalId = String(text[..<dot])
            attribute = String(text[text.index(after: dot)...])
        } else {
            let items = try arguments(call, count: 2...2, form: "Resource.Attribute or [Resource, Attribute]")
            guard let id = items[0].scalar?.stringValue else { throw fail(call.line, "\(call.display) takes a literal resource name") }
            logicalId = id
            attribute = try text(try value(items[1], "the attribute of \(call.display)"), "the attribute of \(call.display)", line: call.line)
        }
        return try attributeValue(logicalId, attribute, line: call.line, display: call.display)
    }

    /// The value of attribute `attribute` of resource `logicalId`.
    func attributeValue(_ logicalId: String, _ attribute: String, line: Int, display: String) throws(TemplateError) -> JSONValue {
        guard let type = resourceTypes[logicalId] else {
            throw fail(line, "\(display) names unknown resource '\(logicalId)'")
        }
        guard let known = ResourceCatalog.attributes(of: type) else {
            throw fail(line, "\(display) \(logicalId).\(attribute): ingest does not know type \(type), so it cannot resolve its attributes")
        }
        guard known.contains(attribute) else {
            let has = known.isEmpty ? "it has no attributes" : "it has " + known.joined(separator: ", ")
            throw fail(line, "\(display) names attribute '\(attribute)', which \(logicalId) (\(type)) does not have; \(has)")
        }
        let identity = try resource(logicalId, line: line, display: display)
        guard let value = identity.attributes[attribute] else {
            if type == "AWS::DynamoDB::Table", attribute == "StreamArn" {
                throw fail(line, "\(display) \(logicalId).StreamArn: the table has no StreamSpecification, so it has no stream")
            }
            throw fail(line, "\(display) \(logicalId).\(attribute) has no value")
        }
        return value
    }

    /// `Fn::Sub`: `string` or `[string, {Name: value}]`.
    func sub(_ call: Call) throws(TemplateError) -> JSONValue {
        let template: String
        var variables: [String: String] = [:]
        if let literal = call.argument.scalar?.stringValue {
            template = literal
        } else {
            let items = try arguments(call, count: 2...2, form: "a string or [string, {Name: value}]")
            guard let literal = items[0].scalar?.stringValue else {
                throw fail(items[0].line, "the first item of \(call.display) must be a literal string")
            }
            template = literal
            guard let entries = items[1].entries else {
                throw fail(items[1].line, "the second item of \(call.display) must be a mapping of variables")
            }
            for entry in entries {
                let resolved = try value(entry.value, "variable \(entry.key) of \(call.display)")
                variables[entry.key] = try text(resolved, "variable \(entry.key) of \(call.display)", line: entry.keyLine)
            }
        }
        var out = ""
        for part in SubTemplate.parse(template) {
            switch part {
            case .literal(let s):
                out += s
            case .variable(let name):
                if let v = variables[name] {
                    out += v
                } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
                    let id = String(name[..<dot]), attribute = String(name[name.index(after: dot)...])
                    out += try text(try attributeValue(id, attribute, line: call.line, display: "\(call.display) ${\(name)}"),
                                    "${\(name)}", line: call.line)
                } else {
                    guard let resolved = try lookup(name, line: call.line, display: "\(call.display) ${\(name)}") else {
                        throw fail(call.line, "\(call.display) cannot substitute AWS::NoValue")
                    }
                    out += try text(resolved, "${\(name)}", line: call.line)
                }
            }
        }
        return .string(out)
    }
}
