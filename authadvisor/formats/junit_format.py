"""junit: JUnit XML for Jenkins and GitLab. One testsuite; one testcase per manifest; a <failure> per
error finding (type = check id); warnings and notes go to the testcase's <system-out>."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..lint.report import LintReport
from ..render.style import Style
from . import PLAIN

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: show them as \\u escapes (four hex digits)."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(report: LintReport, style: Style = PLAIN) -> str:
    by_file: dict[str, list] = {name: [] for name in report.files}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    failures = sum(1 for f in report.findings if f.severity == "error")
    attrs = {"name": "authadvisor lint", "tests": str(len(by_file)), "failures": str(failures),
             "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    for name in sorted(by_file):
        case = ET.SubElement(suite, "testcase", {"classname": "authadvisor.lint", "name": _clean(name),
                                                 "file": _clean(name)})
        notes = []
        for f in by_file[name]:
            if f.severity == "error":
                failure = ET.SubElement(case, "failure", {"type": f.check, "message": _clean(f.message)})
                failure.text = _clean(f.format())
            else:
                notes.append(_clean(f.format()))
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
