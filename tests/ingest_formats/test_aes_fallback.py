"""Encrypted PDFs still import where the cryptography package is left out (portable build)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _aes_pdf(path, user_password: str) -> None:
    from reportlab.pdfgen import canvas

    from briefapp.render import aes256_encryption

    c = canvas.Canvas(
        str(path), encrypt=aes256_encryption(user_password, "owner-secret", canPrint=0)
    )
    c.setTitle("Restricted Note")
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 760, "Restricted Note on the Zinder Road")
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Convoys between Zinder and Agadez now travel with a military escort.")
    c.save()


def test_print_restricted_aes_pdf_imports_without_the_cryptography_package(tmp_path):
    pdf = tmp_path / "restricted.pdf"
    _aes_pdf(pdf, user_password="")
    script = textwrap.dedent(f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "cryptography":
                    raise ImportError("left out of the portable build")
        sys.meta_path.insert(0, Block())
        from briefapp.ingest.pipeline import parse_report
        report = parse_report(open({str(pdf)!r}, "rb").read(), "restricted.pdf")
        assert type(sys.modules["cryptography"]).__name__ == "module"
        assert not hasattr(sys.modules["cryptography"], "__version__")  # the stand-in
        print(report.title)
        print(report.sections[0].text)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Restricted Note on the Zinder Road" in out.stdout
    assert "military escort" in out.stdout


def test_stand_in_matches_the_real_cipher():
    import os

    from cryptography.hazmat.primitives.ciphers import Cipher as RealCipher
    from cryptography.hazmat.primitives.ciphers import algorithms, modes

    from briefapp.ingest import aes_fallback

    key, iv, data = os.urandom(32), os.urandom(16), os.urandom(16 * 37)
    real = RealCipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    encrypted = real.update(data) + real.finalize()
    ours = aes_fallback.Cipher(aes_fallback._AES(key), aes_fallback._CBC(iv))
    dec = ours.decryptor()
    assert dec.update(encrypted[:50]) + dec.update(encrypted[50:]) + dec.finalize() == data
    enc = ours.encryptor()
    assert enc.update(data) + enc.finalize() == encrypted
