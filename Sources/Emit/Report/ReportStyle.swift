/// The report's inline style sheet: screen and print (A4), no external resources.
enum ReportStyle {
    static let css = """
        :root { --ink:#1d2733; --muted:#5b6776; --line:#d9dee5; --band:#f4f6f9; --accent:#1f4e79;
          --err:#b42318; --err-bg:#fdecea; --warn:#9a5b00; --warn-bg:#fff4e0; --info:#1d5fa8; --info-bg:#e8f1fb;
          --ok:#1e7a46; }
        * { box-sizing: border-box; }
        body { margin:0; font: 14px/1.45 -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:#fff; }
        header.top { background:var(--accent); color:#fff; padding:20px 32px 16px; }
        header.top h1 { margin:0 0 4px; font-size:24px; font-weight:600; }
        header.top p { margin:0; opacity:.92; }
        main { padding:8px 32px 32px; max-width:1400px; }
        h2 { font-size:20px; margin:28px 0 8px; padding-bottom:6px; border-bottom:2px solid var(--accent); color:var(--accent); }
        h3 { font-size:15px; margin:20px 0 6px; }
        p.note { color:var(--muted); margin:4px 0 10px; max-width:900px; }
        dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:2px 16px; margin:8px 0 0; }
        dl.meta dt { color:var(--muted); }
        dl.meta dd { margin:0; }
        table { border-collapse:collapse; width:100%; margin:6px 0 12px; font-size:13px; }
        th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:left; vertical-align:top; }
        th { background:var(--band); font-weight:600; white-space:nowrap; }
        td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
        td.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; white-space:nowrap; }
        td.value { font-family: ui-monospace, Menlo, Consolas, monospace; font-size:12px; word-break:break-word; min-width:7.5em; max-width:200px; }
        td.msg { word-break:break-word; }
        td.code.src { white-space:normal; overflow-wrap:anywhere; word-break:break-all; min-width:12em; max-width:28em; }
        .warn-key { background:#fff4e5; color:#5a3b00; border:1px solid #e0a040; padding:6px 10px; border-radius:4px; }
        table.compact { width:auto; min-width:420px; }
        .cards { display:flex; flex-wrap:wrap; gap:10px; margin:10px 0 4px; }
        .card { border:1px solid var(--line); border-radius:6px; padding:8px 14px; min-width:120px; background:#fff; }
        .card .n { font-size:22px; font-weight:600; display:block; }
        .card .l { color:var(--muted); font-size:12px; }
        .card.err { border-color:var(--err); background:var(--err-bg); } .card.err .n { color:var(--err); }
        .card.warn { border-color:#e0a84a; background:var(--warn-bg); } .card.warn .n { color:var(--warn); }
        .card.info { border-color:#8fb5e0; background:var(--info-bg); } .card.info .n { color:var(--info); }
        .sev { display:inline-block; padding:1px 7px; border-radius:10px; font-size:11px; font-weight:600; letter-spacing:.02em; }
        .sev.ERROR { background:var(--err-bg); color:var(--err); }
        .sev.WARNING { background:var(--warn-bg); color:var(--warn); }
        .sev.INFO { background:var(--info-bg); color:var(--info); }
        .bar { display:inline-block; width:120px; height:9px; background:var(--band); border:1px solid var(--line); border-radius:5px; vertical-align:middle; margin-right:8px; overflow:hidden; }
        .bar i { display:block; height:100%; background:var(--ok); }
        .bar.low i { background:#d08a00; }
        .good { color:var(--ok); font-weight:600; }
        nav.toc a { color:var(--accent); }
        a { color:var(--accent); }
        footer { color:var(--muted); font-size:12px; padding:16px 32px 28px; border-top:1px solid var(--line); }
        @page { size: A4 landscape; margin: 12mm; }
        @media print {
          body { font-size:11px; -webkit-print-color-adjust:exact; print-color-adjust:exact; }
          header.top { padding:10px 0; background:none; color:var(--ink); border-bottom:2px solid var(--accent); }
          main { padding:0; max-width:none; }
          section.site { break-before:page; }
          thead { display:table-header-group; }
          tr { break-inside:avoid; }
          h2, h3 { break-after:avoid; }
          footer { padding:8px 0; }
        }
        """
}
