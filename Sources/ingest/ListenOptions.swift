import ArgumentParser
import IngestHost
import IngestServer

/// Where `ingest up` listens: the gateway (`--listen`, or the older `--host`/`--port`), its certificate,
/// and the optional control API on TCP with its own certificate or the gateway's.
struct ListenOptions: ParsableArguments {
    @Option(name: .long, help: "Gateway address, HOST:PORT (default 127.0.0.1:4410; [::1]:8080 for IPv6; port 0 picks a free one).")
    var listen: String?

    @Option(name: .long, help: "Gateway port (same as --listen 127.0.0.1:PORT); 0 picks a free one.")
    var port: Int?

    @Option(name: .long, help: "Gateway address to bind (same as --listen HOST:4410).")
    var host: String?

    @Option(name: .long, help: "PEM certificate (chain) to serve the gateway over HTTPS; needs --tls-key.")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .long, help: "Also serve the control API on TCP, HOST:PORT, for bearer tokens only (see `ingest token`); TLS is required beyond loopback.")
    var controlListen: String?

    @Option(name: .long, help: "PEM certificate for --control-listen (default: --tls-cert); needs --control-tls-key.")
    var controlTlsCert: String?

    @Option(name: .long, help: "PEM private key of --control-tls-cert.")
    var controlTlsKey: String?

    @Option(name: .long, help: "The AWS endpoint (SQS, SNS, DynamoDB and Streams, CloudWatch, Logs; docs/aws-api.md), HOST:PORT, or 'off' (default 127.0.0.1:4566; when that port is taken the engine warns and runs without it).")
    var awsListen: String?

    @Flag(name: .long, help: "Verify the SigV4 signature of every AWS request against the access keys of 'ingest aws-key create' (403 otherwise).")
    var awsRequireSignature = false

    static let defaultAddress = ListenAddress(host: "127.0.0.1", port: 4410)
    static let defaultAWSAddress = ListenAddress(host: "127.0.0.1", port: 4566)

    /// The AWS endpoint's listener (`nil`: off) and whether it is the default one, which may yield to a taken port.
    func aws() throws -> (listener: Listener?, optional: Bool) {
        guard let awsListen else { return (Listener(address: Self.defaultAWSAddress, tls: nil), true) }
        if awsListen == "off" { return (nil, false) }
        return (Listener(address: try Self.parse(awsListen, flag: "--aws-listen"), tls: nil), false)
    }

    /// The gateway's listener, refusing contradictory or malformed flags with one line.
    func gateway() throws -> Listener {
        var address = Self.defaultAddress
        if let listen {
            guard host == nil, port == nil else { throw CLIError.usage("--listen replaces --host and --port; give one or the other") }
            address = try Self.parse(listen, flag: "--listen")
        } else {
            if let host {
                guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { throw CLIError.usage("--host takes a host name or address, got '\(host)'") }
                address.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            }
            if let port {
                guard (0...65_535).contains(port) else { throw CLIError.usage("--port must be between 0 and 65535") }
                address.port = port
            }
        }
        return Listener(address: address, tls: try Self.pair(tlsCert, tlsKey, "--tls-cert", "--tls-key"))
    }

    /// The control API's TCP listener, if asked for; beyond loopback it must have a certificate.
    func control() throws -> Listener? {
        guard let controlListen else {
            if controlTlsCert != nil || controlTlsKey != nil { throw CLIError.usage("--control-tls-cert and --control-tls-key need --control-listen") }
            return nil
        }
        let address = try Self.parse(controlListen, flag: "--control-listen")
        let tls = try Self.pair(controlTlsCert, controlTlsKey, "--control-tls-cert", "--control-tls-key")
            ?? Self.pair(tlsCert, tlsKey, "--tls-cert", "--tls-key")
        guard tls != nil || address.isLoopback else {
            throw CLIError.usage("--control-listen \(address) is beyond loopback: give --control-tls-cert and --control-tls-key (or --tls-cert and --tls-key), since tokens must not cross the network in clear")
        }
        return Listener(address: address, tls: tls)
    }

    /// The stderr warning for a gateway reachable from other machines without TLS.
    static func warning(for gateway: Listener) -> String? {
        guard gateway.tls == nil, !gateway.address.isLoopback else { return nil }
        return "ingest: warning: the gateway listens on \(gateway.address) beyond loopback without TLS: API keys and sign-ups cross the network in clear (give --tls-cert and --tls-key)"
    }

    /// The stderr warning for an AWS endpoint reachable from other machines without verified signatures,
    /// or one that requires signatures while no access key exists (every request is refused).
    static func warning(forAWS listener: Listener?, requireSignature: Bool, keyCount: Int) -> String? {
        guard let listener else { return nil }
        if requireSignature {
            guard keyCount == 0 else { return nil }
            return "ingest: warning: --aws-require-signature is on but no access key exists: every AWS request is refused until you create one with ingest aws-key create"
        }
        guard !listener.address.isLoopback else { return nil }
        return "ingest: warning: the AWS endpoint listens on \(listener.address) beyond loopback and does not verify signatures: anyone who reaches it can change every queue (give --aws-require-signature)"
    }

    static func parse(_ text: String, flag: String) throws -> ListenAddress {
        do { return try ListenAddress(parsing: text) } catch { throw CLIError.usage("\(flag) \(error.description)") }
    }

    /// A certificate and key given together, or neither.
    static func pair(_ cert: String?, _ key: String?, _ certFlag: String, _ keyFlag: String) throws -> TLSFiles? {
        switch (cert, key) {
        case (nil, nil): return nil
        case (let c?, let k?): return TLSFiles(certificatePath: DataDirectory.absolute(c), keyPath: DataDirectory.absolute(k))
        case (nil, _): throw CLIError.usage("\(keyFlag) needs \(certFlag)")
        case (_, nil): throw CLIError.usage("\(certFlag) needs \(keyFlag)")
        }
    }
}
