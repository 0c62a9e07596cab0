// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ingest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .library(name: "IngestCore", targets: ["IngestCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        .target(
            name: "IngestCore",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "IngestHandlers", dependencies: ["IngestCore"]),
        .target(name: "IngestAWSAuth", dependencies: ["IngestCore", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "IngestAPI", dependencies: ["IngestCore"]),
        .target(
            name: "IngestTemplate",
            dependencies: ["IngestCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "IngestServer",
            dependencies: [
                "IngestCore", "IngestAPI", "IngestAWSAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "IngestClient",
            dependencies: [
                "IngestCore", "IngestAPI", "IngestConsole",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "IngestAWSClient",
            dependencies: [
                "IngestCore", "IngestAPI", "IngestAWSAuth", "IngestConsole", "IngestTemplate",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "IngestStore",
            dependencies: [
                "IngestCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "IngestConsole",
            dependencies: ["IngestCore", "IngestAPI"],
            resources: [
                .embedInCode("Resources/default.toml"),
                .embedInCode("Resources/mono.toml"),
                .embedInCode("Resources/high-contrast.toml"),
            ]
        ),
        .target(name: "CNcurses", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "CursesTerminal", dependencies: ["CNcurses", "IngestConsole", "IngestCore"]),
        .target(name: "CSpawn"),
        .target(
            name: "IngestProcessRuntime",
            dependencies: [
                "IngestCore", "CSpawn",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [
                .embedInCode("Resources/bootstrap.py"),
                .embedInCode("Resources/bootstrap.js"),
            ]
        ),
        .target(name: "IngestTestSupport", dependencies: ["IngestCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "IngestHost",
            dependencies: [
                "IngestCore", "IngestAPI", "IngestHandlers", "IngestTemplate", "IngestServer", "IngestStore", "IngestProcessRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.embedInCode("Resources/user-ingestion.yaml")]
        ),
        .executableTarget(
            name: "ingest",
            dependencies: [
                "IngestCore", "IngestAPI", "IngestHandlers", "IngestServer", "IngestClient", "IngestStore", "IngestConsole",
                "CursesTerminal", "IngestHost", "IngestProcessRuntime", "IngestAWSClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "IngestCoreTests", dependencies: ["IngestCore", "IngestHandlers", "IngestTestSupport"]),
        .testTarget(name: "IngestAWSAuthTests", dependencies: ["IngestAWSAuth", "IngestCore", "IngestTestSupport"]),
        .testTarget(name: "IngestAPITests", dependencies: ["IngestAPI", "IngestCore"]),
        .testTarget(name: "IngestHandlersTests", dependencies: ["IngestHandlers", "IngestCore", "IngestTestSupport"]),
        .testTarget(name: "IngestTemplateTests", dependencies: ["IngestTemplate", "IngestCore", "IngestHandlers"]),
        .testTarget(
            name: "IngestServerTests",
            dependencies: [
                "IngestServer", "IngestAPI", "IngestCore", "IngestHandlers", "IngestTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "IngestAWSClientTests",
            dependencies: [
                "IngestAWSClient", "IngestAWSAuth", "IngestCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "IngestConsoleTests", dependencies: ["IngestConsole", "IngestAPI", "IngestCore"], exclude: ["Snapshots"]),
        .testTarget(name: "CursesTerminalTests", dependencies: ["CursesTerminal", "IngestConsole"]),
        .testTarget(name: "IngestStoreTests", dependencies: ["IngestStore", "IngestCore", "IngestHandlers", "IngestTestSupport"]),
        .testTarget(
            name: "IngestProcessRuntimeTests",
            dependencies: ["IngestProcessRuntime", "IngestCore", "IngestTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "IngestHostTests", dependencies: ["IngestHost", "IngestHandlers", "IngestServer", "IngestClient", "IngestConsole", "IngestCore", "IngestTestSupport"]),
        .testTarget(
            name: "IngestEndToEndTests",
            dependencies: [
                "ingest", "IngestCore", "IngestAPI", "IngestTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["aws", "functions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
