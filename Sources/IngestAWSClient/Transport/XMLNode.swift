import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML answer of the query protocol (SNS, CloudFormation, STS) as a small tree: element names
/// without namespaces, text trimmed. Enough to read AWS responses; nothing more.
public struct XMLNode: Sendable, Hashable {
    public var name: String
    public var text: String
    public var children: [XMLNode]

    public init(name: String, text: String = "", children: [XMLNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first descendant (depth first, this node included) with the name.
    public func first(_ name: String) -> XMLNode? {
        if self.name == name { return self }
        for c in children { if let f = c.first(name) { return f } }
        return nil
    }

    /// Every descendant with the name, in document order (not below a match).
    public func all(_ name: String) -> [XMLNode] {
        if self.name == name { return [self] }
        return children.flatMap { $0.all(name) }
    }

    /// The text of the first direct child with the name.
    public func child(_ name: String) -> String? { children.first { $0.name == name }?.text }

    /// Parses a document; `nil` when it is not well-formed XML. Entities are not resolved from outside.
    public static func parse(_ bytes: [UInt8]) -> XMLNode? {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "<") else { return nil }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(XMLNode(name: local))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard var node = stack.popLast() else { return }
            node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }
    }
}
