import Foundation
import IngestCore
import Testing
@testable import IngestConsole

@Suite("Key table")
struct KeyTableTests {
    static let viewScopes: [KeyScope] = [.pipeline, .queues, .deadLetters, .message, .alarms, .logs, .functions, .tables, .moveTasks]

    @Test("every binding has help text and at least one key; action ids are unique within a scope")
    func helpAndKeys() {
        let table = KeyTable.standard(readOnly: false)
        for b in table.bindings {
            #expect(!b.help.isEmpty, "\(b.id) has no help")
            #expect(!b.keys.isEmpty, "\(b.id) has no key")
        }
        for scope in KeyScope.allCases {
            let ids = table.bindings(in: scope).map(\.id)
            #expect(Set(ids).count == ids.count, "an action is bound twice in \(scope)")
        }
    }

    @Test("no key is bound twice in a scope, nor shadowed across the scopes a view consults")
    func noDuplicateKeys() {
        let table = KeyTable.standard(readOnly: false)
        for scope in viewScopesWithShared() {
            var seen: [Key: String] = [:]
            for s in scope {
                for b in table.bindings(in: s) {
                    for k in b.keys {
                        #expect(seen[k] == nil, "\(k) is bound to \(seen[k] ?? "") and \(b.id) in \(scope)")
                        seen[k] = b.id
                    }
                }
            }
        }
    }

    private func viewScopesWithShared() -> [[KeyScope]] { Self.viewScopes.map { [$0, .list, .global] } }

    @Test("every dangerous action is flagged, and read-only removes all of them")
    func readOnlyTable() {
        let full = KeyTable.standard(readOnly: false)
        let dangerous: Set<KeyAction> = [.replay, .purge, .redriveAll, .redriveSelected, .redriveAllMessages, .purgeDeadLetters,
                                         .deleteMessage, .editMessage, .redriveMessage, .editDetailMessage, .deleteDetailMessage,
                                         .switchHandler, .toggleMappings, .resetStream, .cancelMoveTask]
        #expect(Set(full.bindings.filter(\.isDangerous).map(\.action)) == dangerous)
        let ro = KeyTable.standard(readOnly: true)
        #expect(!ro.bindings.contains { $0.isDangerous })
        #expect(ro.bindings.count == full.bindings.count - dangerous.count)
        #expect(!CommandSpec.available(readOnly: true).contains { $0.isDangerous })
    }

    @Test("every action of the enum is bound somewhere")
    func everyActionBound() {
        let bound = Set(KeyTable.standard(readOnly: false).bindings.map(\.action))
        #expect(bound == Set(KeyAction.allCases))
    }

    @Test("docs/console.md's key reference is the one generated from the key table (RECORD_SNAPSHOTS=1 rewrites it)")
    func docsMatchTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/console.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        let generated = KeyReference.markdown()
        let updated = try #require(KeyReference.replacingGenerated(in: doc, with: generated), "docs/console.md lacks the key markers")
        if SnapshotSupport.recording, updated != doc {
            try updated.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("rewrote the key reference in docs/console.md")
            return
        }
        #expect(updated == doc, "docs/console.md's key table differs from the key table; run with RECORD_SNAPSHOTS=1")
    }

    @Test("hints come from the table, view scope first")
    func hints() {
        let table = KeyTable.standard(readOnly: false)
        let hints = table.hints(for: [.queues, .list, .global])
        #expect(hints.prefix(3) == ["<l>linked", "<R>redrive", "<P>purge"])
        #expect(hints.contains("<?>help"))
        #expect(!KeyTable.standard(readOnly: true).hints(for: [.queues, .list, .global]).contains("<P>purge"))
    }
}
