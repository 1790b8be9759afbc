import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The element structure of an HTML page written as well-formed XML, or the parser's error.
final class HTMLStructure: NSObject, XMLParserDelegate {
  private(set) var elements: [String] = []
  private(set) var error: String?

  init(_ page: String) {
    super.init()
    let parser = XMLParser(data: Data(page.utf8))
    parser.delegate = self
    if !parser.parse() {
      error = "line \(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "not well-formed")"
    }
  }

  func count(of name: String) -> Int { elements.filter { $0 == name }.count }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    elements.append(elementName)
  }
}
