import ArgumentParser
import Foundation
import LifelineLab

/// `--dir`, shared by every lab subcommand.
struct LabDirectoryOptions: ParsableArguments {
  @Option(name: .long, help: "The lab directory (default: $LIFELINE_LAB_DIR, else ./lab).")
  var dir: String?

  var lab: Lab { Lab(directory: dir ?? Lab.defaultDirectory()) }
}
