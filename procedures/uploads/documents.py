"""The document kinds an attachment may be, the refusal messages, and how a stored one is served."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_MB = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class DetectedDocument:
    content_type: str
    extension: str
    label: str


PDF = DetectedDocument("application/pdf", "pdf", "PDF")
DOCX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    "Dokumen Word",
)
XLSX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    "Lembar kerja Excel",
)
PPTX = DetectedDocument(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "Presentasi PowerPoint",
)
ODT = DetectedDocument("application/vnd.oasis.opendocument.text", "odt", "Dokumen OpenDocument")
ODS = DetectedDocument(
    "application/vnd.oasis.opendocument.spreadsheet", "ods", "Lembar kerja OpenDocument"
)
ODP = DetectedDocument(
    "application/vnd.oasis.opendocument.presentation", "odp", "Presentasi OpenDocument"
)
DOC = DetectedDocument("application/msword", "doc", "Dokumen Word 97-2003")
XLS = DetectedDocument("application/vnd.ms-excel", "xls", "Lembar kerja Excel 97-2003")
PPT = DetectedDocument("application/vnd.ms-powerpoint", "ppt", "Presentasi PowerPoint 97-2003")

_DOCUMENTS_BY_EXTENSION = {
    document.extension: document
    for document in (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT)
}


_MSG_UNSUPPORTED = _(
    "Jenis berkas tidak diterima. Unggah PDF atau dokumen perkantoran "
    "(Word, Excel, PowerPoint, OpenDocument)."
)
_MSG_ARCHIVE = _(
    "Arsip ZIP tidak diterima. Ekstrak arsipnya, lalu unggah dokumen PDF atau "
    "dokumen perkantoran di dalamnya secara terpisah."
)
_MSG_DAMAGED = _(
    "Dokumen rusak sehingga tidak dapat diperiksa. Buka dokumen di aplikasinya, "
    "simpan ulang, lalu unggah kembali."
)
_MSG_OFFICE_VARIANT = _(
    "Varian dokumen ini (misalnya templat atau tayangan slide) tidak diterima. "
    "Simpan ulang sebagai dokumen biasa (.docx, .xlsx, atau .pptx), lalu unggah kembali."
)
_MSG_OFFICE_ENCRYPTED = _(
    "Dokumen dilindungi kata sandi sehingga tidak dapat diperiksa. Buka dokumen, "
    "simpan ulang tanpa kata sandi, lalu unggah kembali."
)
_MSG_MACRO = _(
    "Dokumen berisi makro, yang tidak diizinkan demi keamanan. Simpan ulang sebagai "
    "dokumen tanpa makro (.docx, .xlsx, .pptx, atau PDF), lalu unggah kembali."
)
_MSG_ODF_MACRO = _(
    "Dokumen berisi makro atau skrip, yang tidak diizinkan demi keamanan. Hapus makronya "
    "(Alat > Makro > Kelola Makro) atau ekspor dokumen ke PDF, lalu unggah kembali."
)
_MSG_ZIP_BOMB = _(
    "Dokumen berisi data terkompresi yang tidak wajar (terlalu banyak bagian, terlalu "
    "besar setelah dibuka, atau ukurannya tidak sesuai dengan yang tercatat) sehingga "
    "ditolak. Simpan ulang dokumen dari aplikasinya, lalu unggah kembali."
)
_MSG_NESTED_ARCHIVE = _(
    "Dokumen berisi arsip (misalnya ZIP) di dalamnya, yang tidak diizinkan. Hapus berkas "
    "yang disisipkan itu atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_EMBEDDED = _(
    "Dokumen berisi objek tersemat (objek OLE, kontrol ActiveX, atau program) yang dapat "
    "dijalankan saat dibuka, yang tidak diizinkan demi keamanan. Hapus objeknya (ganti "
    "dengan gambar bila perlu) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_EXTERNAL = _(
    "Dokumen mengambil isi dari luar dokumen saat dibuka (objek, bingkai, gambar, atau "
    "data yang ditautkan ke internet atau folder jaringan), yang tidak diizinkan demi "
    "keamanan. Hyperlink biasa tetap boleh. Putuskan tautannya (File > Info > Edit Links "
    "to Files > Break Link) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_REMOTE_TEMPLATE = _(
    "Dokumen memakai templat yang diambil dari internet atau folder jaringan, yang tidak "
    "diizinkan demi keamanan. Lepaskan templatnya (Developer > Document Template, "
    "kosongkan nama templat) atau salin isinya ke dokumen baru, lalu unggah kembali."
)
_MSG_OFFICE_DDE = _(
    "Dokumen berisi field atau tautan DDE yang dapat menjalankan program saat dibuka, "
    "yang tidak diizinkan demi keamanan. Hapus field tersebut (tekan Alt+F9 untuk melihat "
    "kode field) atau simpan dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_OFFICE_RUN_PROGRAM = _(
    "Dokumen berisi tombol atau tautan yang menjalankan program atau makro, yang tidak "
    "diizinkan demi keamanan. Hapus pengaturan tindakannya (Insert > Action) atau simpan "
    "dokumen sebagai PDF, lalu unggah kembali."
)
_MSG_PDF_LEADING_DATA = _(
    "Berkas PDF harus diawali penanda %PDF-, tetapi di depannya ada data lain (misalnya "
    "skrip tersembunyi) sehingga ditolak demi keamanan. Buka dokumen aslinya, ekspor "
    "ulang ke PDF, lalu unggah kembali."
)
_MSG_PDF_ACTIVE = _(
    "PDF berisi JavaScript, berkas tersemat, atau konten aktif lain yang tidak diizinkan "
    "demi keamanan. Cetak ulang dokumen ke PDF (menu Cetak > Simpan sebagai PDF), "
    "lalu unggah kembali."
)
_MSG_PDF_EXTERNAL_ACTION = _(
    "PDF berisi tindakan yang mengirim isian formulir ke luar atau membuka berkas lain "
    "(misalnya di folder jaringan), yang tidak diizinkan demi keamanan. Cetak ulang "
    "dokumen ke PDF (menu Cetak > Simpan sebagai PDF), lalu unggah kembali."
)
_MSG_PDF_AUTOMATIC_ACTION = _(
    "PDF menjalankan tindakan otomatis saat dibuka (misalnya membuka alamat web), yang "
    "tidak diizinkan demi keamanan. Tautan biasa yang diklik pembaca tetap boleh. Cetak "
    "ulang dokumen ke PDF (menu Cetak > Simpan sebagai PDF), lalu unggah kembali."
)
_MSG_PDF_ENCRYPTED = _(
    "PDF dilindungi kata sandi atau dienkripsi sehingga tidak dapat diperiksa. Buka PDF, "
    "simpan ulang tanpa kata sandi dan tanpa pengamanan dokumen, lalu unggah kembali."
)
_MSG_PDF_BROKEN = _(
    "PDF rusak sehingga tidak dapat dibaca. Buka dokumen aslinya, ekspor ulang ke PDF, "
    "lalu unggah kembali."
)
_MSG_PDF_TOO_COMPLEX = _(
    "PDF terlalu rumit untuk diperiksa. Cetak ulang dokumen ke PDF (menu Cetak > Simpan "
    "sebagai PDF) atau pecah menjadi beberapa berkas, lalu unggah kembali."
)


def document_for_extension(extension: str) -> DetectedDocument | None:
    """The detected type an attachment was stored as (its `extension` column)."""
    return _DOCUMENTS_BY_EXTENSION.get(extension)


_UNSAFE_NAME_CHARACTERS = re.compile(r"[^\w\- ()]+")


def download_name(original_name: str, extension: str) -> str:
    """The name a stored attachment is served under: the uploaded stem, cleaned, with
    the extension of the DETECTED type (never the uploaded one, so `kuesioner.hta`
    that is a PDF comes back as `kuesioner.pdf`)."""
    base = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_NAME_CHARACTERS.sub("_", stem).strip(" ._")[:100] or "lampiran"
    return f"{stem}.{extension}"
