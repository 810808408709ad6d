"""The smoke test of a built package, run in a fresh virtual environment with only the
wheel or the sdist installed (not the checkout): the import, the shipped demo report,
the command line, and a parse of each kind of input the standard library reads."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import govinfo_report as gr

here = Path(gr.__file__).resolve()
assert "site-packages" in str(here), f"not the installed package: {here}"
assert (here.parent / "py.typed").exists()
assert (here.parent / "demo_report.txt").exists()

demo = subprocess.run(
    [Path(sys.executable).parent / "govinfo-report", "demo"],
    capture_output=True,
    encoding="utf-8",
    check=True,
)
assert "云溪县人民政府" in demo.stdout and "T3-ROWSUM" in demo.stdout, demo.stdout

text = (
    "示例县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    "（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
)
assert gr.parse(text).cells()["t3.total.total"] == 1
page = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"
assert gr.parse_bytes(page.encode("gbk")).year == 2023
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    archive.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
assert gr.parse_bytes(buffer.getvalue()).cells()
print(f"smoke test passed: govinfo_report {gr.__version__} from {here.parent}")
