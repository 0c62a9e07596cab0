import IngestCore

import Foundation

/// Synthetic Auth0-style sign-ups for `ingest up --demo`: realistic names and addresses, with a share of
/// poison messages of the kinds that break real pipelines (not JSON, no `user_id`, a bad e-mail), so dead-letter
/// queues fill and alarms fire. Deterministic for a seed, so tests know what they will get.
public struct DemoSignups: Sendable {
    /// What kind of message a sign-up is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case valid
        /// Not JSON at all (a truncated body).
        case badJSON = "bad-json"
        /// JSON without `user_id`.
        case missingUserId = "missing-user-id"
        /// An e-mail address without its `@`.
        case badEmail = "bad-email"
    }

    /// One generated sign-up: the message body the gateway publishes.
    public struct Signup: Sendable, Hashable {
        public var kind: Kind
        public var body: String
    }

    /// The share of poison messages, 0...1.
    public let poisonRatio: Double
    private var state: UInt64
    private var counter = 0

    public init(poisonRatio: Double, seed: UInt64) {
        self.poisonRatio = min(1, max(0, poisonRatio))
        state = seed
    }

    /// The next sign-up.
    public mutating func next() -> Signup {
        counter += 1
        let first = Self.firstNames[Int(random() % UInt64(Self.firstNames.count))]
        let last = Self.lastNames[Int(random() % UInt64(Self.lastNames.count))]
        let domain = Self.domains[Int(random() % UInt64(Self.domains.count))]
        let userId = "auth0|" + String(format: "%012llx%x", random() & 0xFFFF_FFFF_FFFF, counter)
        let local = "\(Self.plain(first)).\(Self.plain(last))"
        let username = "\(local)\(random() % 100)"
        let email = "\(local)@\(domain)"
        let poisoned = Double(random() % 10_000) / 10_000 < poisonRatio
        let kind: Kind = poisoned ? [.badJSON, .missingUserId, .badEmail][Int(random() % 3)] : .valid
        switch kind {
        case .valid:
            return Signup(kind: kind, body: Self.json(userId: userId, email: email, username: username))
        case .badJSON:
            let full = Self.json(userId: userId, email: email, username: username)
            return Signup(kind: kind, body: String(full.prefix(full.count / 2)))
        case .missingUserId:
            return Signup(kind: kind, body: JSONValue.object(["email": .string(email), "username": .string(username)]).serialized())
        case .badEmail:
            return Signup(kind: kind, body: Self.json(userId: userId, email: email.split(separator: "@").joined(), username: username))
        }
    }

    /// A name as an address's local part: lower case, ASCII letters, no spaces (`Van Dijk` → `vandijk`, `Zoë` → `zoe`).
    static func plain(_ name: String) -> String {
        name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().filter { $0.isASCII && $0.isLetter }
    }

    static func json(userId: String, email: String, username: String) -> String {
        JSONValue.object(["user_id": .string(userId), "email": .string(email), "username": .string(username)]).serialized()
    }

    /// SplitMix64: small, fast, and the same sequence for the same seed on every platform.
    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let firstNames = ["Amara", "Björn", "Chloé", "Dmitri", "Emeka", "Fatima", "Giulia", "Hiroshi", "Ingrid", "José",
                             "Kwame", "Leila", "Mateo", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Sven", "Tomás",
                             "Uma", "Valentina", "Wei", "Ximena", "Yusuf", "Zoë"]
    static let lastNames = ["Abebe", "Becker", "Castillo", "Dubois", "Eriksen", "Fernandes", "García", "Hansen", "Ivanova", "Jensen",
                            "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka",
                            "Ueda", "Van Dijk", "Wójcik", "Yilmaz", "Zhang"]
    static let domains = ["example.com", "example.org", "example.net", "mail.example.com", "corp.example.org"]
}
