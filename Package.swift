// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Lifeline",
  products: [
    .executable(name: "lifeline", targets: ["lifeline"]),
    // The lab, a program of its own so that the product does not carry the simulator.
    .executable(name: "lifeline-lab", targets: ["lifeline-lab"]),
    // Preloaded inside every lab node: pmxcfs's file semantics for the lab's /etc/pve.
    .library(name: "LifelinePmxcfsGuard", type: .dynamic, targets: ["CPmxcfsGuard"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
  ],
  targets: [
    // The pure core: runbooks, templating, expectations, the step engine and transcripts.
    // No I/O: it reaches the world only through the protocols in Engine/.
    .target(
      name: "LifelineCore",
      dependencies: ["CLibCrypto", .product(name: "Yams", package: "Yams")]
    ),

    // System libraries, found through pkg-config. Each module map header holds the few
    // `static inline` shims Swift needs for variadic C functions and mutable C globals.
    // libcrypto (OpenSSL) for SHA-256: the core's only system library, pure computation.
    .systemLibrary(
      name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
      name: "CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
      name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

    // Thin adapters: each turns one C library into a core protocol.
    .target(name: "LifelineSSH", dependencies: ["LifelineCore", "LifelineSystem", "CLibSSH"]),
    .target(name: "LifelineHTTP", dependencies: ["LifelineCore", "CCurl"]),
    .target(name: "LifelineLineEditor", dependencies: ["CLibEdit", "LifelineSystem"]),
    // POSIX plumbing: local processes, transcript files, paths, terminals.
    .target(name: "LifelineSystem", dependencies: ["LifelineCore"]),

    // A simulated Proxmox VE cluster on real OpenSSH servers.
    .target(name: "CPmxcfsGuard"),
    .target(
      name: "LifelineLab", dependencies: ["LifelineCore", "LifelineSystem"],
      // The nodes' simulated Proxmox VE API, a Python script (LabAPIServer).
      resources: [.copy("Resources/api-server.py")]),
    // `lifeline-lab up|status|fail|heal|down` (and the nodes' hidden `sim`); `lifeline lab`
    // runs it.
    .executableTarget(
      name: "lifeline-lab",
      dependencies: ["LifelineLab", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),

    .executableTarget(
      name: "lifeline",
      dependencies: [
        "LifelineCore", "LifelineSystem", "LifelineSSH", "LifelineHTTP", "LifelineLineEditor",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Test support: real OpenSSH servers on loopback addresses, started and stopped by PID.
    .target(name: "SSHTestSupport", dependencies: ["LifelineSystem"], path: "Tests/SSHTestSupport"),

    .testTarget(
      name: "LifelineCoreTests", dependencies: ["LifelineCore", .product(name: "Yams", package: "Yams")],
      exclude: ["Golden", "Corpus", "SchemaCorpus"]),
    .testTarget(
      name: "LifelineSSHTests",
      dependencies: ["LifelineSSH", "LifelineSystem", "LifelineCore", "LifelineLineEditor", "SSHTestSupport"]),
    .testTarget(name: "LifelineHTTPTests", dependencies: ["LifelineHTTP", "LifelineCore", "LifelineLab", "LifelineSystem"]),
    .testTarget(name: "LifelineLabTests", dependencies: ["LifelineLab", "LifelineCore", "LifelineSystem"]),
    .testTarget(
      name: "LifelineCLITests", dependencies: ["LifelineCore", "LifelineSystem", "LifelineLab", "SSHTestSupport"],
      exclude: ["Snapshots"]),
  ]
)
