/// The report's only style sheet, inlined into every HTML report. It uses the system's
/// fonts, follows the reader's light or dark preference, and prints without scroll bars.
enum ReportStyleSheet {
  static let css = """
    :root { color-scheme: light dark; --fg: #1d2125; --muted: #5e6670; --bg: #ffffff; --line: #d0d7de;
      --code-bg: #f4f6f8; --ok-bg: #e8f5ec; --ok-line: #2e7d46; --warn-bg: #fdecea; --warn-line: #b3261e; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #e6e8eb; --muted: #a0a8b1; --bg: #15181b; --line: #3a4048; --code-bg: #1f2328;
        --ok-bg: #15301f; --ok-line: #57b86f; --warn-bg: #3b1715; --warn-line: #f08a80; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
    h1 { font-size: 1.6rem; margin: 0 0 1rem; }
    h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
    h3 { font-size: 1.05rem; margin: 1.8rem 0 0.4rem; }
    a { color: inherit; text-decoration-color: var(--muted); }
    code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
      font-size: 0.88em; }
    code { background: var(--code-bg); padding: 0.05em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
    pre { background: var(--code-bg); padding: 0.7rem 0.9rem; border-radius: 6px; overflow-x: auto;
      white-space: pre; line-height: 1.4; }
    pre code { background: none; padding: 0; overflow-wrap: normal; }
    table { border-collapse: collapse; margin: 0.6rem 0; }
    th, td { border: 1px solid var(--line); padding: 0.3rem 0.55rem; text-align: left; vertical-align: top; }
    thead th { background: var(--code-bg); }
    .scroll { overflow-x: auto; }
    table.facts th { white-space: nowrap; color: var(--muted); font-weight: 600; }
    .notice { border-left: 4px solid; border-radius: 4px; padding: 0.2rem 1rem; margin: 1rem 0; }
    .notice.verified { background: var(--ok-bg); border-color: var(--ok-line); }
    .notice.warning { background: var(--warn-bg); border-color: var(--warn-line); }
    .placeholder { color: var(--muted); border: 1px dashed var(--line); padding: 0.5rem 0.8rem; border-radius: 4px; }
    details { margin: 0.5rem 0; }
    summary { cursor: pointer; color: var(--muted); }
    .note { color: var(--muted); font-size: 0.9em; }
    ul.checklist { list-style: none; padding-left: 0.4rem; }
    figure.picture { margin: 1rem 0; overflow-x: auto; }
    figure.picture svg { display: block; max-width: none; background: #ffffff; border: 1px solid var(--line); border-radius: 4px; }
    figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.3rem; }
    @media print { pre { white-space: pre-wrap; } .scroll { overflow: visible; } }
    """
}
