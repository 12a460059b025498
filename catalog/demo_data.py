"""Deterministic demo records of recommended statistical activities.

`generate_activities` yields realistic (but invented) records of *kegiatan
statistik sektoral* that received a BPS recommendation: titles, agencies,
objectives and variables are built from per-sector topic templates, so the
method, sector, variables and objective of a record fit its title. Output
depends only on the arguments (one `random.Random(seed)`), contains no
personal data, and is cheap per record: everything that can be is prepared
once per call, so 100,000 records take well under two seconds.

Used by `manage.py seed --demo` (a few hundred records) and by benchmarks;
`write_csv` / `write_jsonl` write rows in the catalog import format.
"""

import datetime
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import csv_cells
from .codes import CollectionMethod, Frequency, Sector
from .validation import IMPORT_COLUMNS

DEMO_OFFICES: tuple[tuple[str, str, str], ...] = (
    ("3304", "BPS Kabupaten Banjarnegara", "Kabupaten Banjarnegara"),
    ("3300", "BPS Provinsi Jawa Tengah", "Provinsi Jawa Tengah"),
    ("0000", "Badan Pusat Statistik", ""),
)
"""(office code, office name, region named in agency names; "" for the
central office, whose records come from ministries and national agencies)."""

DEMO_OFFICE_WEIGHTS = {"3304": 12, "3300": 5, "0000": 3}  # 60% / 25% / 15%

CSV_COLUMNS = IMPORT_COLUMNS

VARIABLE_SEPARATOR = ";"

# --------------------------------------------------------------------------
# Areas

_KECAMATAN_BANJARNEGARA = tuple(
    f"Kecamatan {name}"
    for name in (
        "Susukan",
        "Purwareja Klampok",
        "Mandiraja",
        "Purwanegara",
        "Bawang",
        "Banjarnegara",
        "Pagedongan",
        "Sigaluh",
        "Madukara",
        "Banjarmangu",
        "Wanadadi",
        "Rakit",
        "Punggelan",
        "Karangkobar",
        "Pagentan",
        "Pejawaran",
        "Batur",
        "Wanayasa",
        "Kalibening",
        "Pandanarum",
    )
)
_KABUPATEN_KOTA_JAWA_TENGAH = tuple(
    [
        f"Kabupaten {name}"
        for name in (
            "Cilacap",
            "Banyumas",
            "Purbalingga",
            "Banjarnegara",
            "Kebumen",
            "Purworejo",
            "Wonosobo",
            "Magelang",
            "Boyolali",
            "Klaten",
            "Sukoharjo",
            "Wonogiri",
            "Karanganyar",
            "Sragen",
            "Grobogan",
            "Blora",
            "Rembang",
            "Pati",
            "Kudus",
            "Jepara",
            "Demak",
            "Semarang",
            "Temanggung",
            "Kendal",
            "Batang",
            "Pekalongan",
            "Pemalang",
            "Tegal",
            "Brebes",
        )
    ]
    + [
        f"Kota {name}"
        for name in ("Magelang", "Surakarta", "Salatiga", "Semarang", "Pekalongan", "Tegal")
    ]
)
_PROVINSI = tuple(
    f"Provinsi {name}"
    for name in (
        "Aceh",
        "Sumatera Utara",
        "Sumatera Barat",
        "Riau",
        "Jambi",
        "Sumatera Selatan",
        "Bengkulu",
        "Lampung",
        "Kepulauan Bangka Belitung",
        "Kepulauan Riau",
        "DKI Jakarta",
        "Jawa Barat",
        "Jawa Tengah",
        "Daerah Istimewa Yogyakarta",
        "Jawa Timur",
        "Banten",
        "Bali",
        "Nusa Tenggara Barat",
        "Nusa Tenggara Timur",
        "Kalimantan Barat",
        "Kalimantan Tengah",
        "Kalimantan Selatan",
        "Kalimantan Timur",
        "Kalimantan Utara",
        "Sulawesi Utara",
        "Sulawesi Tengah",
        "Sulawesi Selatan",
        "Sulawesi Tenggara",
        "Gorontalo",
        "Sulawesi Barat",
        "Maluku",
        "Maluku Utara",
        "Papua",
        "Papua Barat",
        "Papua Barat Daya",
        "Papua Selatan",
        "Papua Tengah",
        "Papua Pegunungan",
    )
)
# Smaller areas an activity of the office may cover instead of its whole region.
_SUB_AREAS = {
    "3304": _KECAMATAN_BANJARNEGARA,
    "3300": _KABUPATEN_KOTA_JAWA_TENGAH,
    "0000": _PROVINSI,
}
_NATIONAL_COVERAGE = "Seluruh Indonesia"

# --------------------------------------------------------------------------
# Kinds of activity: the first word(s) of a title decide the collection method.

_M = CollectionMethod
_KIND_METHOD = {
    "Survei": _M.SURVEY.value,
    "Pendataan": _M.CENSUS.value,
    "Sensus": _M.CENSUS.value,
    "Inventarisasi": _M.CENSUS.value,
    "Pemutakhiran Data": _M.CENSUS.value,
    "Kompilasi Data": _M.ADMINISTRATIVE.value,
    "Pemanfaatan Data": _M.OTHER.value,
    "Pemanfaatan Big Data": _M.OTHER.value,
}

# Objective: "<lead> <focus> <area>." + optional use sentence + optional method note.
_LEADS = {
    _M.SURVEY.value: (
        "Memperoleh gambaran mengenai",
        "Menyediakan data statistik tentang",
        "Mengumpulkan keterangan dari sampel terpilih mengenai",
    ),
    _M.CENSUS.value: (
        "Memperoleh data lengkap mengenai",
        "Menyediakan data menyeluruh tentang",
        "Mendata secara lengkap",
    ),
    _M.ADMINISTRATIVE.value: (
        "Menghimpun data administrasi tentang",
        "Menyajikan data terpadu mengenai",
        "Mengompilasi catatan administrasi tentang",
    ),
    _M.OTHER.value: (
        "Memanfaatkan sumber data digital untuk memantau",
        "Menyediakan informasi cepat tentang",
        "Mengembangkan statistik eksperimental tentang",
    ),
}
_USE_SENTENCES = (
    "Hasilnya digunakan sebagai bahan {use}.",
    "Data yang dihasilkan menjadi dasar {use}.",
    "Informasi ini dimanfaatkan untuk {use}.",
)
_METHOD_NOTES = {
    _M.SURVEY.value: (
        "Pengumpulan data dilakukan dengan wawancara langsung terhadap responden terpilih.",
        "Sampel dipilih secara acak sehingga hasilnya mewakili wilayah cakupan.",
        "Pencacahan dilakukan oleh petugas terlatih dengan kuesioner terstruktur.",
    ),
    _M.CENSUS.value: (
        "Seluruh unit di wilayah cakupan didata tanpa penarikan sampel.",
        "Pendataan dilakukan dari rumah ke rumah dengan melibatkan perangkat desa.",
        "Hasil pendataan dimutakhirkan secara berkala.",
    ),
    _M.ADMINISTRATIVE.value: (
        "Data dihimpun dari laporan rutin perangkat daerah dan unit pelaksana teknis.",
        "Kompilasi memadukan catatan administrasi dari beberapa unit kerja.",
        "Kegiatan ini mendukung penyelenggaraan Satu Data Indonesia.",
    ),
    _M.OTHER.value: (
        "Pengolahan data dilakukan secara otomatis dan disajikan dalam dasbor daring.",
        "Hasilnya dibandingkan dengan data resmi untuk menilai kualitas estimasi.",
        "Kegiatan ini mendukung penyelenggaraan Satu Data Indonesia.",
    ),
}

# --------------------------------------------------------------------------
# Frequencies (bags: the more often a code appears, the likelier it is).

_F = Frequency
_ONCE = (_F.ONCE.value,) * 3 + (_F.ANNUAL.value,)
_ONCE_OR_ANNUAL = (_F.ONCE.value,) * 2 + (_F.ANNUAL.value,) * 3
_ANNUAL = (_F.ANNUAL.value,) * 4 + (_F.ONCE.value, _F.SEMIANNUAL.value)
_CENSUS = (_F.ONCE.value,) * 3 + (_F.MULTI_YEAR.value, _F.ANNUAL.value)
_ROUTINE = (_F.ANNUAL.value,) * 3 + (_F.SEMIANNUAL.value, _F.QUARTERLY.value, _F.MONTHLY.value)
_QUARTERLY = (_F.QUARTERLY.value,) * 2 + (_F.SEMIANNUAL.value, _F.ANNUAL.value)
_MONTHLY = (_F.MONTHLY.value,) * 3 + (_F.QUARTERLY.value,)
_PRICES = (_F.MONTHLY.value,) * 2 + (_F.WEEKLY.value,)
_DAILY = (_F.DAILY.value,) * 2 + (_F.WEEKLY.value, _F.MONTHLY.value)
_SUBROUND = (_F.FOUR_MONTHLY.value,) * 2 + (_F.QUARTERLY.value, _F.ANNUAL.value)

# --------------------------------------------------------------------------
# Topics


class _Topic(NamedTuple):
    sector: str
    kinds: tuple[str, ...]  # keys of _KIND_METHOD; every kind reads well with every subject
    subjects: tuple[str, ...]  # the rest of the title after the kind
    focus: str  # noun phrase for the objective
    uses: tuple[str, ...]  # noun phrases: what the results are used for
    variables: tuple[str, ...]  # the first one is always kept
    agencies: tuple[str, ...]  # regional agency names, completed with the region
    central: tuple[str, ...]  # ministries / national agencies
    frequencies: tuple[str, ...]


_S = Sector
_SURVEI = ("Survei",)
_PENDATAAN = ("Pendataan",)
_KOMPILASI = ("Kompilasi Data",)

_TOPICS: tuple[_Topic, ...] = (
    # 1 Pertanian dan Perikanan
    _Topic(
        _S.AGRICULTURE,
        _SURVEI,
        ("Pertanian Tanaman Pangan", "Produksi Padi dan Palawija", "Ubinan Padi dan Palawija"),
        "produksi, luas panen, dan produktivitas tanaman pangan",
        ("perencanaan ketahanan pangan daerah", "penyusunan neraca bahan makanan"),
        (
            "Luas panen padi",
            "Luas tanam padi",
            "Produksi gabah kering giling",
            "Produktivitas padi",
            "Luas panen jagung",
            "Produksi jagung pipilan kering",
            "Luas panen ubi kayu",
            "Varietas benih yang ditanam",
            "Penggunaan pupuk",
            "Jenis pengairan",
            "Serangan organisme pengganggu tumbuhan",
            "Harga jual gabah di tingkat petani",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan", "Dinas Pertanian"),
        ("Kementerian Pertanian",),
        _SUBROUND,
    ),
    _Topic(
        _S.AGRICULTURE,
        _SURVEI,
        ("Hortikultura Sayuran dan Buah-buahan", "Produksi Kentang dan Sayuran Dataran Tinggi"),
        "produksi dan luas panen tanaman hortikultura",
        ("pengembangan kawasan hortikultura", "pengendalian pasokan sayuran dan buah"),
        (
            "Luas panen kentang",
            "Produksi kentang",
            "Luas panen kubis",
            "Produksi cabai rawit",
            "Produksi salak",
            "Jumlah rumpun salak yang menghasilkan",
            "Produksi carica",
            "Harga jual di tingkat petani",
            "Penggunaan pestisida",
            "Tujuan pemasaran hasil panen",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan", "Dinas Pertanian"),
        ("Kementerian Pertanian",),
        _ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        _PENDATAAN,
        ("Petani Penerima Pupuk Bersubsidi", "Kelompok Tani dan Gabungan Kelompok Tani"),
        "petani dan kelompok tani beserta luas lahan garapan dan kebutuhan pupuknya",
        ("penyusunan rencana definitif kebutuhan kelompok", "penyaluran pupuk bersubsidi"),
        (
            "Nama kelompok tani",
            "Luas lahan garapan",
            "Komoditas yang diusahakan",
            "Kebutuhan pupuk urea",
            "Kebutuhan pupuk NPK",
            "Kebutuhan pupuk organik",
            "Musim tanam",
            "Status penguasaan lahan",
            "Desa/kelurahan",
            "Jumlah anggota kelompok tani",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan", "Dinas Pertanian"),
        ("Kementerian Pertanian",),
        _ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        ("Sensus", "Survei"),
        ("Ternak", "Populasi Ternak dan Unggas"),
        "populasi ternak dan unggas serta rumah tangga peternak",
        ("perencanaan pengembangan peternakan", "pengendalian penyakit hewan menular"),
        (
            "Jumlah sapi potong",
            "Jumlah sapi perah",
            "Jumlah kambing",
            "Jumlah domba",
            "Jumlah ayam ras pedaging",
            "Jumlah ayam kampung",
            "Jumlah itik",
            "Jumlah kelahiran ternak",
            "Jumlah kematian ternak",
            "Jumlah pemotongan ternak",
            "Jenis pakan",
            "Status vaksinasi ternak",
        ),
        ("Dinas Peternakan dan Kesehatan Hewan", "Dinas Pertanian dan Ketahanan Pangan"),
        ("Kementerian Pertanian",),
        _CENSUS,
    ),
    _Topic(
        _S.AGRICULTURE,
        ("Survei", "Kompilasi Data"),
        ("Perikanan Budidaya", "Produksi Perikanan Budidaya Kolam dan Keramba"),
        "produksi dan rumah tangga perikanan budidaya",
        ("pengembangan usaha perikanan rakyat", "penyusunan rencana strategis perikanan"),
        (
            "Produksi ikan",
            "Luas kolam",
            "Jumlah pembudidaya ikan",
            "Produksi ikan nila",
            "Produksi ikan gurami",
            "Produksi ikan lele",
            "Jumlah benih yang ditebar",
            "Jenis pakan ikan",
            "Nilai produksi",
            "Jumlah keramba jaring apung",
        ),
        ("Dinas Kelautan dan Perikanan", "Dinas Perikanan"),
        ("Kementerian Kelautan dan Perikanan",),
        _ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        _SURVEI,
        ("Perkebunan Rakyat", "Perkebunan Kopi dan Kelapa Rakyat"),
        "luas areal dan produksi tanaman perkebunan rakyat",
        ("peremajaan tanaman perkebunan", "pengembangan komoditas unggulan perkebunan"),
        (
            "Luas areal tanaman kopi",
            "Produksi kopi",
            "Luas areal kelapa",
            "Produksi gula kelapa",
            "Luas areal tembakau",
            "Jumlah petani pekebun",
            "Jenis bibit",
            "Umur tanaman",
            "Harga jual di tingkat pekebun",
        ),
        ("Dinas Pertanian dan Perkebunan", "Dinas Pertanian"),
        ("Kementerian Pertanian",),
        _ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        ("Pemanfaatan Data",),
        (
            "Citra Satelit untuk Estimasi Luas Panen Padi",
            "Penginderaan Jauh untuk Pemantauan Fase Tumbuh Padi",
        ),
        "luas panen dan fase tumbuh padi berdasarkan citra satelit",
        ("peringatan dini kerawanan pangan", "perkiraan produksi beras bulanan"),
        (
            "Fase tumbuh padi",
            "Luas baku sawah",
            "Indeks vegetasi",
            "Tutupan awan",
            "Perkiraan luas panen",
            "Perkiraan waktu panen",
            "Koordinat segmen pengamatan",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan",),
        ("Kementerian Pertanian", "Badan Riset dan Inovasi Nasional"),
        _MONTHLY,
    ),
    _Topic(
        _S.AGRICULTURE,
        ("Inventarisasi", "Pendataan"),
        ("Lahan Sawah dan Jaringan Irigasi", "Lahan Pertanian Pangan Berkelanjutan"),
        "lahan sawah, jaringan irigasi, dan alih fungsi lahan pertanian",
        ("perlindungan lahan pertanian pangan", "perencanaan rehabilitasi jaringan irigasi"),
        (
            "Luas lahan sawah irigasi",
            "Luas lahan sawah tadah hujan",
            "Indeks pertanaman",
            "Panjang saluran irigasi",
            "Kondisi saluran irigasi",
            "Jumlah daerah irigasi",
            "Luas alih fungsi lahan",
            "Desa/kelurahan",
        ),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Pertanian dan Ketahanan Pangan"),
        ("Kementerian Pertanian", "Kementerian Agraria dan Tata Ruang"),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        _SURVEI,
        ("Pendapatan Rumah Tangga Usaha Pertanian", "Biaya Produksi Usaha Tani"),
        "pendapatan dan biaya produksi rumah tangga usaha pertanian",
        ("perumusan kebijakan kesejahteraan petani", "penghitungan nilai tukar petani daerah"),
        (
            "Pendapatan dari usaha pertanian",
            "Luas lahan yang dikuasai",
            "Jenis usaha pertanian",
            "Biaya benih",
            "Biaya pupuk dan pestisida",
            "Upah tenaga kerja",
            "Akses kredit usaha tani",
            "Keanggotaan kelompok tani",
            "Penggunaan alat dan mesin pertanian",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan", "Badan Perencanaan Pembangunan Daerah"),
        ("Kementerian Pertanian",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.AGRICULTURE,
        _SURVEI,
        ("Konsumsi Pangan Rumah Tangga", "Pola Pangan Harapan"),
        "konsumsi pangan dan keragaman pangan rumah tangga",
        ("penganekaragaman konsumsi pangan", "penyusunan peta ketahanan dan kerentanan pangan"),
        (
            "Konsumsi beras",
            "Konsumsi umbi-umbian",
            "Konsumsi sayuran",
            "Konsumsi buah",
            "Konsumsi protein hewani",
            "Pengeluaran untuk pangan",
            "Skor pola pangan harapan",
            "Jumlah anggota rumah tangga",
        ),
        ("Dinas Ketahanan Pangan", "Dinas Pertanian dan Ketahanan Pangan"),
        ("Badan Pangan Nasional",),
        _ANNUAL,
    ),
    # 2 Demografi dan Kependudukan
    _Topic(
        _S.POPULATION,
        ("Pendataan", "Pemutakhiran Data"),
        ("Keluarga", "Keluarga dan Peserta Keluarga Berencana"),
        "keluarga beserta data kependudukan, keluarga berencana, dan pembangunan keluarga",
        ("perencanaan program Bangga Kencana", "pemetaan keluarga berisiko stunting"),
        (
            "Jumlah anggota keluarga",
            "Umur",
            "Jenis kelamin",
            "Status perkawinan",
            "Peserta KB aktif",
            "Metode kontrasepsi",
            "Pendidikan kepala keluarga",
            "Pekerjaan kepala keluarga",
            "Kondisi rumah",
            "Sumber air minum",
        ),
        ("Dinas Pengendalian Penduduk dan Keluarga Berencana",),
        ("Badan Kependudukan dan Keluarga Berencana Nasional",),
        _CENSUS,
    ),
    _Topic(
        _S.POPULATION,
        _KOMPILASI,
        ("Kependudukan dan Pencatatan Sipil", "Penduduk Hasil Registrasi"),
        "jumlah, komposisi, dan mutasi penduduk hasil registrasi",
        ("perencanaan pelayanan publik berbasis jumlah penduduk", "penyusunan profil kependudukan"),
        (
            "Jumlah penduduk menurut jenis kelamin",
            "Jumlah penduduk menurut kelompok umur",
            "Jumlah kelahiran",
            "Jumlah kematian",
            "Jumlah penduduk pindah",
            "Jumlah penduduk datang",
            "Kepemilikan KTP elektronik",
            "Kepemilikan akta kelahiran",
            "Jumlah kepala keluarga",
            "Status perkawinan",
        ),
        ("Dinas Kependudukan dan Pencatatan Sipil",),
        ("Kementerian Dalam Negeri",),
        _ROUTINE,
    ),
    _Topic(
        _S.POPULATION,
        _SURVEI,
        ("Migrasi dan Mobilitas Penduduk", "Penduduk Komuter"),
        "pola migrasi dan mobilitas penduduk",
        ("perencanaan transportasi dan permukiman", "penyusunan proyeksi penduduk daerah"),
        (
            "Daerah asal",
            "Daerah tujuan",
            "Alasan pindah",
            "Lama tinggal",
            "Lapangan usaha di daerah tujuan",
            "Frekuensi pulang ke daerah asal",
            "Moda transportasi",
            "Jarak tempuh ke tempat kerja",
            "Waktu tempuh ke tempat kerja",
        ),
        ("Badan Perencanaan Pembangunan Daerah",),
        ("Badan Perencanaan Pembangunan Nasional",),
        _ONCE,
    ),
    _Topic(
        _S.POPULATION,
        ("Pemanfaatan Data",),
        ("Posisi Seluler untuk Statistik Mobilitas Penduduk",),
        "pergerakan penduduk antarwilayah berdasarkan data posisi telepon seluler",
        ("pengaturan arus mudik dan libur panjang", "perencanaan simpul transportasi"),
        (
            "Jumlah perjalanan",
            "Wilayah asal perjalanan",
            "Wilayah tujuan perjalanan",
            "Lama kunjungan",
            "Waktu perjalanan",
            "Kategori wilayah",
        ),
        ("Dinas Komunikasi dan Informatika",),
        ("Kementerian Komunikasi dan Digital", "Kementerian Perhubungan"),
        _MONTHLY,
    ),
    # 3 Pembangunan
    _Topic(
        _S.DEVELOPMENT,
        _PENDATAAN,
        ("Potensi dan Perkembangan Desa", "Profil Desa dan Kelurahan"),
        "potensi, sarana, dan perkembangan desa",
        ("penyusunan rencana pembangunan jangka menengah desa", "penilaian status desa"),
        (
            "Jumlah penduduk desa",
            "Sarana pendidikan",
            "Sarana kesehatan",
            "Kondisi jalan desa",
            "Sumber penghasilan utama penduduk",
            "Badan usaha milik desa",
            "Ketersediaan akses internet",
            "Kejadian bencana",
            "Lembaga kemasyarakatan desa",
        ),
        ("Dinas Pemberdayaan Masyarakat dan Desa",),
        ("Kementerian Desa dan Pembangunan Daerah Tertinggal",),
        _ANNUAL,
    ),
    _Topic(
        _S.DEVELOPMENT,
        _KOMPILASI,
        ("Indikator Kinerja Pembangunan Daerah", "Capaian Tujuan Pembangunan Berkelanjutan"),
        "capaian indikator kinerja pembangunan",
        ("evaluasi rencana pembangunan jangka menengah", "penyusunan laporan kinerja pemerintah"),
        (
            "Angka kemiskinan",
            "Tingkat pengangguran terbuka",
            "Indeks pembangunan manusia",
            "Pertumbuhan ekonomi",
            "Rasio gini",
            "Angka harapan hidup",
            "Rata-rata lama sekolah",
            "Persentase rumah tangga dengan akses air minum layak",
            "Persentase rumah tangga dengan sanitasi layak",
        ),
        ("Badan Perencanaan Pembangunan Daerah",),
        ("Badan Perencanaan Pembangunan Nasional",),
        _ROUTINE,
    ),
    _Topic(
        _S.DEVELOPMENT,
        _SURVEI,
        ("Persepsi Masyarakat terhadap Hasil Pembangunan",),
        "penilaian masyarakat terhadap hasil dan prioritas pembangunan",
        ("penentuan prioritas pembangunan", "evaluasi pelaksanaan program pembangunan"),
        (
            "Penilaian kondisi jalan",
            "Penilaian pelayanan kesehatan",
            "Penilaian pelayanan pendidikan",
            "Prioritas pembangunan yang diharapkan",
            "Sumber informasi program pemerintah",
            "Keikutsertaan dalam musyawarah perencanaan pembangunan",
        ),
        ("Badan Perencanaan Pembangunan Daerah",),
        ("Badan Perencanaan Pembangunan Nasional",),
        _ONCE,
    ),
    # 4 Proyeksi Ekonomi
    _Topic(
        _S.ECONOMIC_PROJECTION,
        _SURVEI,
        ("Prospek Usaha dan Tendensi Bisnis", "Rencana Investasi Dunia Usaha"),
        "prospek usaha dan rencana investasi pelaku usaha",
        ("penyusunan proyeksi pertumbuhan ekonomi daerah", "perumusan asumsi makro ekonomi"),
        (
            "Perkiraan omzet triwulan mendatang",
            "Perkiraan jumlah tenaga kerja",
            "Rencana investasi",
            "Perkiraan harga jual",
            "Kapasitas produksi terpakai",
            "Kendala usaha",
        ),
        ("Badan Perencanaan Pembangunan Daerah",),
        ("Bank Indonesia",),
        _QUARTERLY,
    ),
    # 5 Pendidikan dan Pelatihan
    _Topic(
        _S.EDUCATION,
        _KOMPILASI,
        ("Sekolah dan Guru", "Pokok Pendidikan", "Satuan Pendidikan Anak Usia Dini"),
        "sekolah, murid, guru, dan sarana pendidikan",
        ("pemerataan layanan pendidikan", "perencanaan kebutuhan guru"),
        (
            "Jumlah sekolah",
            "Jumlah murid",
            "Jumlah guru",
            "Kualifikasi pendidikan guru",
            "Jumlah ruang kelas",
            "Kondisi ruang kelas",
            "Jumlah murid putus sekolah",
            "Jumlah lulusan",
            "Status akreditasi sekolah",
            "Rasio murid terhadap guru",
        ),
        ("Dinas Pendidikan dan Kebudayaan", "Dinas Pendidikan, Pemuda dan Olahraga"),
        ("Kementerian Pendidikan Dasar dan Menengah",),
        _ANNUAL,
    ),
    _Topic(
        _S.EDUCATION,
        _PENDATAAN,
        ("Anak Tidak Sekolah", "Anak Putus Sekolah"),
        "anak usia sekolah yang tidak bersekolah beserta alasannya",
        ("pelaksanaan program pengembalian anak ke sekolah", "penyaluran bantuan pendidikan"),
        (
            "Umur",
            "Jenis kelamin",
            "Jenjang terakhir yang ditempuh",
            "Alasan tidak bersekolah",
            "Status bekerja anak",
            "Minat melanjutkan sekolah",
            "Jarak ke sekolah terdekat",
            "Kepemilikan Kartu Indonesia Pintar",
        ),
        ("Dinas Pendidikan dan Kebudayaan", "Badan Perencanaan Pembangunan Daerah"),
        ("Kementerian Pendidikan Dasar dan Menengah",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.EDUCATION,
        _SURVEI,
        ("Kepuasan Peserta Pelatihan Kerja", "Penyerapan Lulusan Pelatihan Kerja"),
        "mutu pelatihan kerja dan keterserapan lulusannya",
        ("peningkatan mutu pelatihan berbasis kompetensi", "perencanaan program pelatihan"),
        (
            "Jenis pelatihan",
            "Lama pelatihan",
            "Penilaian materi pelatihan",
            "Penilaian instruktur",
            "Penilaian sarana pelatihan",
            "Status bekerja setelah pelatihan",
            "Kesesuaian pekerjaan dengan pelatihan",
        ),
        ("Dinas Tenaga Kerja",),
        ("Kementerian Ketenagakerjaan",),
        _ANNUAL,
    ),
    _Topic(
        _S.EDUCATION,
        _SURVEI,
        ("Tingkat Kegemaran Membaca Masyarakat", "Minat Baca dan Pemanfaatan Perpustakaan"),
        "kegemaran membaca dan pemanfaatan perpustakaan",
        ("pengembangan layanan perpustakaan", "peningkatan budaya literasi masyarakat"),
        (
            "Frekuensi membaca per minggu",
            "Durasi membaca per hari",
            "Jenis bacaan",
            "Jumlah bacaan dalam tiga bulan terakhir",
            "Frekuensi kunjungan ke perpustakaan",
            "Akses internet",
        ),
        ("Dinas Kearsipan dan Perpustakaan",),
        ("Perpustakaan Nasional",),
        _ANNUAL,
    ),
    _Topic(
        _S.EDUCATION,
        _KOMPILASI,
        ("Pendidikan Keagamaan dan Pondok Pesantren", "Madrasah dan Pendidikan Keagamaan"),
        "lembaga pendidikan keagamaan, santri, dan tenaga pendidiknya",
        ("penyaluran bantuan operasional pendidikan keagamaan", "pemetaan mutu madrasah"),
        (
            "Jumlah madrasah",
            "Jumlah pondok pesantren",
            "Jumlah santri",
            "Jumlah siswa madrasah",
            "Jumlah guru madrasah",
            "Status akreditasi madrasah",
            "Jenjang pendidikan",
        ),
        ("Kantor Kementerian Agama",),
        ("Kementerian Agama",),
        _ANNUAL,
    ),
    # 6 Lingkungan
    _Topic(
        _S.ENVIRONMENT,
        _SURVEI,
        ("Kualitas Air Sungai", "Pemantauan Kualitas Air Sungai dan Danau"),
        "kualitas air sungai dan danau pada titik pemantauan",
        ("pengendalian pencemaran air", "penghitungan indeks kualitas lingkungan hidup"),
        (
            "Derajat keasaman (pH)",
            "Suhu air",
            "Oksigen terlarut",
            "Kebutuhan oksigen biokimia",
            "Kebutuhan oksigen kimiawi",
            "Total padatan tersuspensi",
            "Bakteri koli tinja",
            "Kadar fosfat",
            "Kadar nitrat",
            "Lokasi titik sampel",
        ),
        ("Dinas Lingkungan Hidup",),
        ("Kementerian Lingkungan Hidup",),
        _QUARTERLY,
    ),
    _Topic(
        _S.ENVIRONMENT,
        _SURVEI,
        ("Kualitas Udara Ambien",),
        "kualitas udara ambien di kawasan permukiman dan industri",
        ("pengendalian pencemaran udara", "penghitungan indeks kualitas udara"),
        (
            "Konsentrasi PM2,5",
            "Konsentrasi PM10",
            "Sulfur dioksida",
            "Nitrogen dioksida",
            "Karbon monoksida",
            "Ozon",
            "Lokasi pemantauan",
        ),
        ("Dinas Lingkungan Hidup",),
        ("Kementerian Lingkungan Hidup",),
        _QUARTERLY,
    ),
    _Topic(
        _S.ENVIRONMENT,
        _KOMPILASI,
        ("Timbulan dan Pengelolaan Sampah", "Pengelolaan Sampah dan Bank Sampah"),
        "timbulan sampah dan kinerja pengelolaan sampah",
        ("penyusunan kebijakan dan strategi daerah pengelolaan sampah", "pengurangan sampah"),
        (
            "Timbulan sampah harian",
            "Komposisi sampah",
            "Sampah terangkut ke tempat pemrosesan akhir",
            "Jumlah bank sampah",
            "Jumlah tempat penampungan sementara",
            "Sampah yang didaur ulang",
            "Jumlah armada pengangkut sampah",
        ),
        ("Dinas Lingkungan Hidup",),
        ("Kementerian Lingkungan Hidup",),
        _ROUTINE,
    ),
    _Topic(
        _S.ENVIRONMENT,
        _SURVEI,
        ("Perilaku Peduli Lingkungan Hidup",),
        "perilaku rumah tangga dalam menjaga lingkungan hidup",
        ("kampanye pengurangan sampah plastik", "perumusan program pendidikan lingkungan"),
        (
            "Kebiasaan memilah sampah",
            "Penggunaan kantong belanja sendiri",
            "Upaya penghematan air",
            "Upaya penghematan listrik",
            "Kebiasaan membakar sampah",
            "Penggunaan transportasi umum",
        ),
        ("Dinas Lingkungan Hidup",),
        ("Kementerian Lingkungan Hidup",),
        _ONCE,
    ),
    _Topic(
        _S.ENVIRONMENT,
        ("Pendataan", "Inventarisasi"),
        ("Daerah Rawan Longsor", "Daerah Rawan Bencana"),
        "daerah rawan bencana dan penduduk yang terpapar",
        ("penyusunan rencana kontinjensi bencana", "mitigasi bencana tanah longsor"),
        (
            "Lokasi rawan bencana",
            "Tingkat kerawanan",
            "Jumlah rumah terancam",
            "Jumlah penduduk terpapar",
            "Kemiringan lereng",
            "Riwayat kejadian bencana",
            "Ketersediaan jalur evakuasi",
            "Desa/kelurahan",
        ),
        ("Badan Penanggulangan Bencana Daerah",),
        ("Badan Nasional Penanggulangan Bencana",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.ENVIRONMENT,
        _KOMPILASI,
        ("Emisi Gas Rumah Kaca",),
        "emisi gas rumah kaca menurut sektor",
        ("penyusunan rencana aksi mitigasi perubahan iklim", "pelaporan emisi daerah"),
        (
            "Emisi sektor energi",
            "Emisi sektor pertanian",
            "Emisi sektor limbah",
            "Emisi kehutanan dan penggunaan lahan",
            "Faktor emisi",
            "Data aktivitas",
        ),
        ("Dinas Lingkungan Hidup",),
        ("Kementerian Lingkungan Hidup",),
        _ANNUAL,
    ),
    # 7 Keuangan
    _Topic(
        _S.FINANCE,
        _KOMPILASI,
        ("Keuangan Daerah", "Realisasi Pendapatan dan Belanja Daerah"),
        "realisasi pendapatan, belanja, dan pembiayaan daerah",
        ("penyusunan anggaran pendapatan dan belanja daerah", "analisis kapasitas fiskal"),
        (
            "Pendapatan asli daerah",
            "Pendapatan transfer",
            "Belanja pegawai",
            "Belanja barang dan jasa",
            "Belanja modal",
            "Sisa lebih pembiayaan anggaran",
            "Realisasi pajak daerah",
            "Realisasi retribusi daerah",
        ),
        ("Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Keuangan Daerah"),
        ("Kementerian Keuangan", "Kementerian Dalam Negeri"),
        _ROUTINE,
    ),
    _Topic(
        _S.FINANCE,
        _SURVEI,
        ("Literasi dan Inklusi Keuangan",),
        "tingkat literasi dan inklusi keuangan masyarakat",
        ("perluasan akses keuangan daerah", "perencanaan edukasi keuangan"),
        (
            "Kepemilikan rekening bank",
            "Penggunaan dompet digital",
            "Pemahaman produk keuangan",
            "Akses kredit",
            "Kepemilikan asuransi",
            "Kebiasaan menabung",
            "Penggunaan pinjaman daring",
        ),
        ("Bagian Perekonomian Sekretariat Daerah",),
        ("Otoritas Jasa Keuangan",),
        _ONCE,
    ),
    _Topic(
        _S.FINANCE,
        _KOMPILASI,
        ("Koperasi Simpan Pinjam", "Koperasi Aktif"),
        "keanggotaan, permodalan, dan kinerja usaha koperasi",
        ("pembinaan dan pengawasan koperasi", "penilaian kesehatan koperasi"),
        (
            "Jumlah koperasi aktif",
            "Jumlah anggota",
            "Volume usaha",
            "Modal sendiri",
            "Modal luar",
            "Sisa hasil usaha",
            "Jumlah pinjaman yang disalurkan",
        ),
        ("Dinas Koperasi dan Usaha Kecil dan Menengah",),
        ("Kementerian Koperasi",),
        _ANNUAL,
    ),
    # 8 Globalisasi
    _Topic(
        _S.GLOBALISATION,
        _KOMPILASI,
        ("Pekerja Migran Indonesia", "Penempatan Pekerja Migran"),
        "penempatan dan kepulangan pekerja migran",
        (
            "pelindungan pekerja migran dan keluarganya",
            "perencanaan pelatihan calon pekerja migran",
        ),
        (
            "Jumlah pekerja migran berangkat",
            "Jumlah pekerja migran pulang",
            "Negara tujuan penempatan",
            "Jabatan pekerjaan",
            "Jenis kelamin",
            "Kelompok umur",
            "Nilai remitansi",
        ),
        ("Dinas Tenaga Kerja",),
        ("Kementerian Pelindungan Pekerja Migran Indonesia",),
        _ROUTINE,
    ),
    _Topic(
        _S.GLOBALISATION,
        _KOMPILASI,
        ("Realisasi Penanaman Modal", "Penanaman Modal Dalam Negeri dan Asing"),
        "realisasi penanaman modal dalam negeri dan asing",
        ("promosi investasi daerah", "penyusunan rencana umum penanaman modal"),
        (
            "Nilai investasi",
            "Negara asal investor",
            "Sektor usaha",
            "Jumlah proyek",
            "Penyerapan tenaga kerja",
            "Lokasi proyek",
        ),
        ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",),
        ("Kementerian Investasi dan Hilirisasi",),
        _QUARTERLY,
    ),
    # 9 Kesehatan
    _Topic(
        _S.HEALTH,
        _SURVEI,
        ("Status Gizi Balita", "Pemantauan Status Gizi"),
        "status gizi balita serta faktor yang memengaruhinya",
        ("percepatan penurunan stunting", "perencanaan intervensi gizi spesifik"),
        (
            "Berat badan balita",
            "Tinggi badan balita",
            "Umur balita dalam bulan",
            "Status imunisasi",
            "Pemberian ASI eksklusif",
            "Riwayat penyakit infeksi",
            "Lingkar lengan atas",
            "Pendidikan ibu",
            "Akses air minum layak",
            "Kepemilikan jamban sehat",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        _PENDATAAN,
        ("Balita Stunting", "Keluarga Berisiko Stunting"),
        "balita stunting dan keluarga berisiko stunting",
        ("penentuan sasaran intervensi stunting", "pelaksanaan audit kasus stunting"),
        (
            "Tinggi badan balita",
            "Berat badan balita",
            "Umur balita dalam bulan",
            "Status gizi",
            "Kunjungan ke posyandu",
            "Penerimaan makanan tambahan",
            "Sumber air minum keluarga",
            "Kepemilikan jamban sehat",
            "Desa/kelurahan",
        ),
        ("Dinas Kesehatan", "Dinas Pengendalian Penduduk dan Keluarga Berencana"),
        ("Kementerian Kesehatan", "Badan Kependudukan dan Keluarga Berencana Nasional"),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        ("Pemanfaatan Data",),
        ("Aplikasi Pencatatan Gizi untuk Pemantauan Stunting",),
        "perkembangan kasus stunting dari aplikasi pencatatan dan pelaporan gizi",
        (
            "pemantauan stunting secara waktu nyata",
            "penyusunan dasbor percepatan penurunan stunting",
        ),
        (
            "Jumlah balita ditimbang",
            "Jumlah balita stunting",
            "Jumlah balita gizi kurang",
            "Cakupan penimbangan",
            "Tanggal pengukuran",
            "Posyandu pelapor",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _MONTHLY,
    ),
    _Topic(
        _S.HEALTH,
        _SURVEI,
        ("Kepuasan Pasien Rumah Sakit Umum Daerah", "Kepuasan Pasien Rawat Inap dan Rawat Jalan"),
        "tingkat kepuasan pasien terhadap pelayanan rumah sakit",
        ("peningkatan mutu pelayanan kesehatan rujukan", "persiapan akreditasi rumah sakit"),
        (
            "Indeks kepuasan pasien",
            "Waktu tunggu pelayanan",
            "Kejelasan informasi",
            "Keramahan petugas",
            "Kebersihan ruang perawatan",
            "Ketersediaan obat",
            "Biaya pelayanan",
            "Penanganan pengaduan",
        ),
        ("Rumah Sakit Umum Daerah",),
        ("Kementerian Kesehatan",),
        _ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        _SURVEI,
        ("Kepuasan Masyarakat terhadap Pelayanan Puskesmas",),
        "tingkat kepuasan masyarakat terhadap pelayanan puskesmas",
        ("peningkatan mutu pelayanan kesehatan primer", "penilaian kinerja puskesmas"),
        (
            "Indeks kepuasan masyarakat",
            "Waktu tunggu pelayanan",
            "Prosedur pendaftaran",
            "Keramahan petugas",
            "Kebersihan ruang pelayanan",
            "Ketersediaan obat",
            "Penanganan pengaduan",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        _KOMPILASI,
        ("Sarana dan Tenaga Kesehatan", "Profil Kesehatan"),
        "fasilitas dan tenaga kesehatan",
        ("pemerataan fasilitas kesehatan", "perencanaan kebutuhan tenaga kesehatan"),
        (
            "Jumlah rumah sakit",
            "Jumlah puskesmas",
            "Jumlah posyandu aktif",
            "Jumlah dokter",
            "Jumlah bidan",
            "Jumlah perawat",
            "Jumlah tempat tidur rumah sakit",
            "Rasio dokter per penduduk",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        _KOMPILASI,
        ("Kematian Ibu dan Bayi", "Kesehatan Ibu dan Anak"),
        "kasus kematian ibu dan bayi serta layanan persalinan",
        ("penurunan angka kematian ibu dan bayi", "perencanaan layanan kesehatan ibu dan anak"),
        (
            "Jumlah kematian ibu",
            "Jumlah kematian bayi",
            "Jumlah kelahiran hidup",
            "Penyebab kematian",
            "Tempat persalinan",
            "Penolong persalinan",
            "Kunjungan pemeriksaan kehamilan",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ROUTINE,
    ),
    _Topic(
        _S.HEALTH,
        _SURVEI,
        ("Perilaku Hidup Bersih dan Sehat Rumah Tangga",),
        "penerapan perilaku hidup bersih dan sehat di rumah tangga",
        ("promosi kesehatan berbasis masyarakat", "penyusunan program sanitasi total"),
        (
            "Persalinan oleh tenaga kesehatan",
            "Pemberian ASI eksklusif",
            "Penimbangan balita",
            "Penggunaan air bersih",
            "Kebiasaan cuci tangan pakai sabun",
            "Penggunaan jamban sehat",
            "Kebiasaan merokok di dalam rumah",
            "Aktivitas fisik harian",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.HEALTH,
        _SURVEI,
        ("Faktor Risiko Penyakit Tidak Menular",),
        "prevalensi faktor risiko penyakit tidak menular",
        ("pengendalian penyakit tidak menular", "perencanaan pos pembinaan terpadu"),
        (
            "Tekanan darah",
            "Kadar gula darah",
            "Indeks massa tubuh",
            "Lingkar perut",
            "Kebiasaan merokok",
            "Konsumsi sayur dan buah",
            "Riwayat penyakit keluarga",
        ),
        ("Dinas Kesehatan",),
        ("Kementerian Kesehatan",),
        _ONCE,
    ),
    # 10 Industri dan Jasa
    _Topic(
        _S.INDUSTRY,
        ("Pendataan", "Survei"),
        ("Usaha Mikro dan Kecil", "Pelaku Usaha Mikro, Kecil, dan Menengah"),
        "karakteristik dan kinerja usaha mikro dan kecil",
        ("pemberdayaan usaha mikro dan kecil", "penyaluran bantuan permodalan usaha"),
        (
            "Jenis usaha",
            "Lama usaha",
            "Jumlah tenaga kerja",
            "Omzet per bulan",
            "Modal usaha",
            "Sumber modal",
            "Kepemilikan Nomor Induk Berusaha",
            "Pemasaran secara daring",
            "Kendala usaha",
            "Akses pembiayaan",
        ),
        ("Dinas Koperasi dan Usaha Kecil dan Menengah",),
        ("Kementerian Usaha Mikro, Kecil, dan Menengah",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.INDUSTRY,
        ("Kompilasi Data", "Survei"),
        ("Kunjungan Wisatawan", "Kunjungan Wisatawan ke Objek Wisata"),
        "kunjungan dan karakteristik wisatawan",
        ("pengembangan destinasi pariwisata", "promosi pariwisata daerah"),
        (
            "Jumlah wisatawan nusantara",
            "Jumlah wisatawan mancanegara",
            "Daerah asal wisatawan",
            "Lama kunjungan",
            "Pengeluaran wisatawan",
            "Objek wisata yang dikunjungi",
            "Jenis akomodasi",
            "Moda transportasi wisatawan",
        ),
        ("Dinas Pariwisata dan Kebudayaan", "Dinas Pariwisata"),
        ("Kementerian Pariwisata",),
        _ROUTINE,
    ),
    _Topic(
        _S.INDUSTRY,
        _PENDATAAN,
        ("Industri Kecil dan Menengah", "Sentra Industri Kecil"),
        "usaha industri kecil dan menengah beserta kapasitas produksinya",
        ("pembinaan industri kecil dan menengah", "pengembangan sentra industri"),
        (
            "Jenis industri",
            "Jumlah tenaga kerja",
            "Nilai produksi",
            "Kapasitas produksi",
            "Bahan baku utama",
            "Asal bahan baku",
            "Daerah pemasaran",
            "Nilai investasi",
        ),
        ("Dinas Perindustrian dan Perdagangan",),
        ("Kementerian Perindustrian",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.INDUSTRY,
        _PENDATAAN,
        ("Usaha Akomodasi dan Penyedia Makan Minum", "Hotel, Homestay, dan Rumah Makan"),
        "usaha akomodasi dan penyedia makan minum",
        ("penarikan pajak hotel dan restoran", "pengembangan usaha pariwisata"),
        (
            "Jenis usaha",
            "Jumlah kamar",
            "Jumlah tempat tidur",
            "Jumlah tamu menginap",
            "Tingkat penghunian kamar",
            "Jumlah tenaga kerja",
            "Kapasitas tempat duduk",
        ),
        ("Dinas Pariwisata dan Kebudayaan", "Badan Pendapatan Daerah"),
        ("Kementerian Pariwisata",),
        _ANNUAL,
    ),
    _Topic(
        _S.INDUSTRY,
        _SURVEI,
        ("Pelaku Ekonomi Kreatif",),
        "pelaku ekonomi kreatif menurut subsektor",
        ("pengembangan ekosistem ekonomi kreatif", "fasilitasi pendaftaran kekayaan intelektual"),
        (
            "Subsektor ekonomi kreatif",
            "Jumlah tenaga kerja",
            "Omzet per tahun",
            "Kepemilikan kekayaan intelektual",
            "Pemasaran secara daring",
            "Tujuan pemasaran",
        ),
        ("Dinas Pariwisata dan Kebudayaan",),
        ("Kementerian Ekonomi Kreatif",),
        _ONCE,
    ),
    # 11 TIK
    _Topic(
        _S.ICT,
        _SURVEI,
        (
            "Penggunaan TIK Rumah Tangga",
            "Penggunaan Teknologi Informasi dan Komunikasi di Rumah Tangga",
        ),
        "akses dan penggunaan teknologi informasi dan komunikasi oleh rumah tangga",
        ("pemerataan infrastruktur digital", "penghitungan indeks pembangunan TIK"),
        (
            "Akses internet rumah tangga",
            "Kepemilikan telepon seluler",
            "Kepemilikan komputer",
            "Jenis koneksi internet",
            "Tujuan penggunaan internet",
            "Lama penggunaan internet per hari",
            "Keterampilan digital",
            "Pengeluaran untuk pulsa dan paket data",
        ),
        ("Dinas Komunikasi dan Informatika",),
        ("Kementerian Komunikasi dan Digital",),
        _ANNUAL,
    ),
    _Topic(
        _S.ICT,
        _PENDATAAN,
        ("Menara Telekomunikasi dan Wilayah Tanpa Sinyal",),
        "menara telekomunikasi dan desa yang belum terjangkau sinyal",
        ("penataan menara telekomunikasi bersama", "pemerataan jaringan internet desa"),
        (
            "Lokasi menara",
            "Operator",
            "Jenis jaringan",
            "Kekuatan sinyal",
            "Desa tanpa sinyal",
            "Ketersediaan akses internet publik",
        ),
        ("Dinas Komunikasi dan Informatika",),
        ("Kementerian Komunikasi dan Digital",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.ICT,
        _SURVEI,
        ("Pemanfaatan Layanan Pemerintahan Berbasis Elektronik",),
        "pemanfaatan layanan pemerintahan berbasis elektronik oleh masyarakat",
        ("evaluasi sistem pemerintahan berbasis elektronik", "pengembangan layanan digital"),
        (
            "Jenis layanan daring yang digunakan",
            "Frekuensi penggunaan",
            "Kemudahan akses",
            "Kendala penggunaan",
            "Tingkat kepuasan",
        ),
        ("Dinas Komunikasi dan Informatika",),
        ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",),
        _ONCE,
    ),
    # 12 Perdagangan Internasional dan Neraca Perdagangan
    _Topic(
        _S.TRADE,
        _KOMPILASI,
        ("Ekspor Produk Unggulan Daerah", "Ekspor dan Impor"),
        "nilai dan volume ekspor menurut komoditas dan negara tujuan",
        ("promosi ekspor produk unggulan", "analisis neraca perdagangan daerah"),
        (
            "Jenis komoditas",
            "Negara tujuan ekspor",
            "Volume ekspor",
            "Nilai ekspor",
            "Pelabuhan muat",
            "Jumlah eksportir",
        ),
        ("Dinas Perindustrian dan Perdagangan",),
        ("Kementerian Perdagangan",),
        _ROUTINE,
    ),
    _Topic(
        _S.TRADE,
        _SURVEI,
        ("Perdagangan Antarwilayah Komoditas Pertanian", "Pola Distribusi Perdagangan Komoditas"),
        "arus perdagangan komoditas antarwilayah",
        ("pengendalian pasokan dan harga", "penyusunan neraca perdagangan antarwilayah"),
        (
            "Jenis komoditas",
            "Daerah asal barang",
            "Daerah tujuan barang",
            "Volume perdagangan",
            "Nilai transaksi",
            "Moda pengangkutan",
            "Margin perdagangan",
        ),
        ("Dinas Perindustrian dan Perdagangan",),
        ("Kementerian Perdagangan",),
        _ONCE,
    ),
    # 13 Ketenagakerjaan
    _Topic(
        _S.LABOUR,
        _SURVEI,
        ("Angkatan Kerja Daerah", "Ketenagakerjaan Daerah"),
        "kondisi angkatan kerja, penduduk bekerja, dan pengangguran",
        ("penyusunan kebijakan perluasan kesempatan kerja", "perencanaan tenaga kerja daerah"),
        (
            "Status pekerjaan utama",
            "Lapangan usaha",
            "Jam kerja seminggu",
            "Upah/gaji bersih sebulan",
            "Pendidikan tertinggi yang ditamatkan",
            "Upaya mencari pekerjaan",
            "Alasan tidak bekerja",
            "Jenis pekerjaan",
            "Pelatihan yang pernah diikuti",
            "Status setengah pengangguran",
        ),
        ("Dinas Tenaga Kerja", "Badan Perencanaan Pembangunan Daerah"),
        ("Kementerian Ketenagakerjaan",),
        _ANNUAL,
    ),
    _Topic(
        _S.LABOUR,
        _KOMPILASI,
        ("Pencari Kerja dan Lowongan Kerja", "Penempatan Tenaga Kerja"),
        "pencari kerja terdaftar, lowongan, dan penempatan tenaga kerja",
        ("penyelenggaraan bursa kerja", "perencanaan pelatihan kerja"),
        (
            "Jumlah pencari kerja terdaftar",
            "Pendidikan pencari kerja",
            "Jumlah lowongan kerja",
            "Jumlah penempatan tenaga kerja",
            "Jabatan yang dibutuhkan",
            "Jenis kelamin",
        ),
        ("Dinas Tenaga Kerja",),
        ("Kementerian Ketenagakerjaan",),
        _ROUTINE,
    ),
    _Topic(
        _S.LABOUR,
        _SURVEI,
        ("Kebutuhan Tenaga Kerja Perusahaan",),
        "kebutuhan tenaga kerja perusahaan menurut jabatan dan keterampilan",
        ("penyelarasan pendidikan vokasi dengan dunia usaha", "perencanaan pelatihan kerja"),
        (
            "Jumlah karyawan",
            "Jabatan yang dibutuhkan",
            "Kualifikasi pendidikan",
            "Keterampilan yang dibutuhkan",
            "Rencana perekrutan",
            "Sistem pengupahan",
        ),
        ("Dinas Tenaga Kerja",),
        ("Kementerian Ketenagakerjaan",),
        _ONCE,
    ),
    # 14 Neraca Nasional
    _Topic(
        _S.NATIONAL_ACCOUNTS,
        _KOMPILASI,
        ("Pendukung Produk Domestik Regional Bruto", "Pendukung Penghitungan PDRB"),
        "output, biaya antara, dan nilai tambah menurut lapangan usaha",
        ("penghitungan produk domestik regional bruto", "analisis struktur perekonomian daerah"),
        (
            "Nilai output",
            "Biaya antara",
            "Nilai tambah bruto",
            "Lapangan usaha",
            "Indeks harga implisit",
            "Volume produksi",
        ),
        ("Badan Perencanaan Pembangunan Daerah",),
        ("Badan Perencanaan Pembangunan Nasional",),
        _ROUTINE,
    ),
    _Topic(
        _S.NATIONAL_ACCOUNTS,
        _SURVEI,
        (
            "Pengeluaran Wisatawan Nusantara",
            "Pengeluaran Wisatawan untuk Neraca Satelit Pariwisata",
        ),
        "struktur pengeluaran wisatawan",
        ("penyusunan neraca satelit pariwisata daerah", "penghitungan kontribusi pariwisata"),
        (
            "Pengeluaran akomodasi",
            "Pengeluaran makan dan minum",
            "Pengeluaran transportasi",
            "Pengeluaran cendera mata",
            "Lama tinggal",
            "Daerah asal wisatawan",
        ),
        ("Dinas Pariwisata dan Kebudayaan",),
        ("Kementerian Pariwisata",),
        _ONCE,
    ),
    # 15 Indikator Ekonomi Bulanan
    _Topic(
        _S.MONTHLY_INDICATORS,
        _SURVEI,
        ("Ekspektasi Konsumen Rumah Tangga", "Keyakinan Konsumen"),
        "keyakinan dan ekspektasi konsumen terhadap kondisi ekonomi",
        ("pemantauan perekonomian daerah", "pengendalian inflasi daerah"),
        (
            "Penilaian penghasilan saat ini",
            "Ketersediaan lapangan kerja",
            "Rencana pembelian barang tahan lama",
            "Ekspektasi penghasilan",
            "Ekspektasi harga",
            "Ekspektasi kegiatan usaha",
        ),
        ("Bagian Perekonomian Sekretariat Daerah",),
        ("Bank Indonesia",),
        _MONTHLY,
    ),
    _Topic(
        _S.MONTHLY_INDICATORS,
        _KOMPILASI,
        ("Konsumsi Listrik dan Bahan Bakar Minyak", "Penyaluran Energi"),
        "konsumsi listrik, bahan bakar minyak, dan elpiji",
        ("pemantauan aktivitas ekonomi bulanan", "perencanaan kebutuhan energi daerah"),
        (
            "Konsumsi listrik rumah tangga",
            "Konsumsi listrik industri",
            "Jumlah pelanggan listrik",
            "Penjualan bensin",
            "Penjualan solar",
            "Penyaluran elpiji bersubsidi",
        ),
        ("Bagian Perekonomian Sekretariat Daerah",),
        ("Kementerian Energi dan Sumber Daya Mineral",),
        _MONTHLY,
    ),
    # 16 Produktivitas
    _Topic(
        _S.PRODUCTIVITY,
        _SURVEI,
        ("Produktivitas Tenaga Kerja Industri",),
        "produktivitas tenaga kerja pada perusahaan industri",
        ("peningkatan daya saing industri", "perumusan kebijakan pengupahan"),
        (
            "Jumlah tenaga kerja",
            "Jam kerja",
            "Nilai output",
            "Nilai tambah",
            "Jumlah mesin produksi",
            "Pelatihan karyawan",
        ),
        ("Dinas Perindustrian dan Perdagangan",),
        ("Kementerian Ketenagakerjaan", "Kementerian Perindustrian"),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.PRODUCTIVITY,
        _SURVEI,
        ("Penggunaan Alat dan Mesin Pertanian", "Mekanisasi Pertanian"),
        "penggunaan alat dan mesin pertanian serta efisiensi usaha tani",
        ("penyaluran bantuan alat dan mesin pertanian", "peningkatan produktivitas petani"),
        (
            "Jenis alat dan mesin pertanian",
            "Jumlah traktor tangan",
            "Jumlah mesin perontok",
            "Luas lahan olah mekanis",
            "Status kepemilikan alat",
            "Biaya sewa alat",
            "Waktu kerja per hektare",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan",),
        ("Kementerian Pertanian",),
        _ONCE,
    ),
    # 17 Harga dan Paritas Daya Beli
    _Topic(
        _S.PRICES,
        _SURVEI,
        ("Harga Produsen Gabah", "Harga Gabah di Tingkat Petani"),
        "harga gabah di tingkat petani menurut kualitas",
        ("penetapan harga pembelian pemerintah", "pemantauan nilai tukar petani"),
        (
            "Harga gabah kering panen",
            "Harga gabah kering giling",
            "Kadar air",
            "Kadar hampa",
            "Varietas padi",
            "Cara panen",
            "Lokasi transaksi",
        ),
        ("Dinas Pertanian dan Ketahanan Pangan",),
        ("Badan Pangan Nasional",),
        _MONTHLY,
    ),
    _Topic(
        _S.PRICES,
        _SURVEI,
        ("Harga Kebutuhan Pokok di Pasar Tradisional", "Harga Eceran Bahan Pokok"),
        "harga eceran kebutuhan pokok di pasar tradisional",
        ("pengendalian inflasi daerah", "pelaksanaan operasi pasar dan stabilisasi harga"),
        (
            "Harga beras medium",
            "Harga beras premium",
            "Harga cabai merah keriting",
            "Harga bawang merah",
            "Harga minyak goreng",
            "Harga gula pasir",
            "Harga telur ayam ras",
            "Harga daging ayam ras",
            "Harga daging sapi",
            "Nama pasar",
        ),
        ("Dinas Perindustrian dan Perdagangan",),
        ("Kementerian Perdagangan",),
        _PRICES,
    ),
    _Topic(
        _S.PRICES,
        ("Pemanfaatan Big Data",),
        ("Harga Pangan dari Lokapasar Daring", "Harga Pangan Hasil Penelusuran Web"),
        "harga pangan yang ditawarkan di lokapasar daring",
        ("deteksi dini gejolak harga pangan", "penyempurnaan pemantauan harga pasar tradisional"),
        (
            "Harga jual",
            "Nama komoditas",
            "Satuan",
            "Lokasi penjual",
            "Tanggal pengamatan",
            "Platform perdagangan daring",
        ),
        ("Dinas Komunikasi dan Informatika",),
        ("Badan Pangan Nasional",),
        _DAILY,
    ),
    _Topic(
        _S.PRICES,
        _SURVEI,
        ("Harga Satuan Bahan Bangunan dan Upah Konstruksi",),
        "harga satuan bahan bangunan dan upah pekerja konstruksi",
        ("penyusunan standar harga satuan daerah", "penyusunan harga perkiraan sendiri"),
        (
            "Harga semen",
            "Harga pasir",
            "Harga batu bata",
            "Harga besi beton",
            "Upah tukang",
            "Upah pekerja",
            "Lokasi toko bahan bangunan",
        ),
        ("Dinas Pekerjaan Umum dan Penataan Ruang",),
        ("Kementerian Pekerjaan Umum",),
        _SUBROUND,
    ),
    # 18 Sektor Publik, Perpajakan, dan Regulasi Pasar
    _Topic(
        _S.PUBLIC_SECTOR,
        _SURVEI,
        (
            "Kepuasan Masyarakat terhadap Pelayanan Perizinan",
            "Kepuasan Masyarakat terhadap Pelayanan Perizinan Berusaha",
        ),
        "tingkat kepuasan masyarakat terhadap pelayanan perizinan",
        ("perbaikan mutu pelayanan perizinan", "penyusunan indeks kepuasan masyarakat"),
        (
            "Indeks kepuasan masyarakat",
            "Persyaratan pelayanan",
            "Prosedur pelayanan",
            "Waktu penyelesaian",
            "Biaya atau tarif",
            "Produk layanan",
            "Kompetensi petugas",
            "Perilaku petugas",
            "Penanganan pengaduan",
            "Sarana dan prasarana",
        ),
        ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",),
        ("Kementerian Investasi dan Hilirisasi",),
        _ANNUAL,
    ),
    _Topic(
        _S.PUBLIC_SECTOR,
        _SURVEI,
        ("Kepuasan Masyarakat terhadap Pelayanan Administrasi Kependudukan",),
        "tingkat kepuasan masyarakat terhadap pelayanan administrasi kependudukan",
        ("perbaikan pelayanan dokumen kependudukan", "penyusunan indeks kepuasan masyarakat"),
        (
            "Indeks kepuasan masyarakat",
            "Persyaratan pelayanan",
            "Waktu penyelesaian dokumen",
            "Kemudahan pelayanan daring",
            "Perilaku petugas",
            "Penanganan pengaduan",
            "Sarana dan prasarana",
        ),
        ("Dinas Kependudukan dan Pencatatan Sipil",),
        ("Kementerian Dalam Negeri",),
        _ANNUAL,
    ),
    _Topic(
        _S.PUBLIC_SECTOR,
        _SURVEI,
        ("Persepsi Integritas Pelayanan Publik",),
        "persepsi masyarakat terhadap integritas dan praktik pungutan dalam pelayanan publik",
        ("pencegahan korupsi di unit pelayanan", "penyusunan rencana aksi reformasi birokrasi"),
        (
            "Persepsi pungutan liar",
            "Pengalaman memberi imbalan",
            "Kepercayaan terhadap unit pelayanan",
            "Pengetahuan saluran pengaduan",
            "Keterbukaan informasi biaya",
        ),
        ("Inspektorat",),
        ("Komisi Pemberantasan Korupsi",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.PUBLIC_SECTOR,
        _KOMPILASI,
        ("Pajak dan Retribusi Daerah", "Penerimaan Pajak Daerah"),
        "wajib pajak, penerimaan pajak daerah, dan retribusi",
        ("intensifikasi pendapatan asli daerah", "penetapan target pajak daerah"),
        (
            "Realisasi penerimaan",
            "Jumlah wajib pajak",
            "Pajak bumi dan bangunan perdesaan dan perkotaan",
            "Pajak hotel dan restoran",
            "Retribusi pasar",
            "Retribusi parkir",
            "Tunggakan pajak",
        ),
        ("Badan Pendapatan Daerah", "Badan Keuangan Daerah"),
        ("Kementerian Keuangan",),
        _ROUTINE,
    ),
    _Topic(
        _S.PUBLIC_SECTOR,
        _KOMPILASI,
        ("Aparatur Sipil Negara", "Kepegawaian Daerah"),
        "jumlah dan komposisi aparatur sipil negara",
        ("perencanaan kebutuhan pegawai", "pengembangan kompetensi aparatur"),
        (
            "Jumlah pegawai menurut golongan",
            "Jumlah pegawai menurut pendidikan",
            "Jumlah pegawai menurut jabatan",
            "Jenis kelamin",
            "Kelompok umur",
            "Jumlah pegawai pensiun",
        ),
        ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",),
        ("Badan Kepegawaian Negara",),
        _ANNUAL,
    ),
    # 19 Perwilayahan dan Perkotaan
    _Topic(
        _S.REGIONAL,
        _PENDATAAN,
        ("Rumah Tidak Layak Huni", "Rumah Tidak Layak Huni dan Kebutuhan Perbaikan"),
        "rumah tidak layak huni beserta kondisi bangunan dan penghuninya",
        ("penyaluran bantuan stimulan perumahan swadaya", "penanganan kawasan permukiman"),
        (
            "Kondisi atap",
            "Kondisi dinding",
            "Kondisi lantai",
            "Luas lantai per kapita",
            "Status kepemilikan lahan",
            "Sumber air minum",
            "Fasilitas buang air besar",
            "Sumber penerangan",
            "Jumlah penghuni",
            "Desa/kelurahan",
        ),
        ("Dinas Perumahan dan Kawasan Permukiman",),
        ("Kementerian Perumahan dan Kawasan Permukiman",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.REGIONAL,
        ("Pendataan", "Inventarisasi"),
        ("Kawasan Permukiman Kumuh",),
        "kawasan permukiman kumuh dan tingkat kekumuhannya",
        ("penetapan lokasi permukiman kumuh", "perencanaan peningkatan kualitas permukiman"),
        (
            "Luas kawasan",
            "Kondisi bangunan gedung",
            "Kondisi jalan lingkungan",
            "Penyediaan air minum",
            "Drainase lingkungan",
            "Pengelolaan air limbah",
            "Pengelolaan persampahan",
            "Proteksi kebakaran",
        ),
        ("Dinas Perumahan dan Kawasan Permukiman",),
        ("Kementerian Perumahan dan Kawasan Permukiman",),
        _ONCE,
    ),
    _Topic(
        _S.REGIONAL,
        _KOMPILASI,
        ("Penggunaan Lahan dan Tata Ruang", "Pemanfaatan Ruang"),
        "penggunaan lahan dan pemanfaatan ruang",
        ("pengendalian pemanfaatan ruang", "peninjauan kembali rencana tata ruang wilayah"),
        (
            "Luas lahan terbangun",
            "Luas kawasan lindung",
            "Luas lahan pertanian",
            "Perubahan penggunaan lahan",
            "Jumlah persetujuan pemanfaatan ruang",
            "Luas ruang terbuka hijau",
        ),
        ("Dinas Pekerjaan Umum dan Penataan Ruang",),
        ("Kementerian Agraria dan Tata Ruang",),
        _ANNUAL,
    ),
    _Topic(
        _S.REGIONAL,
        _PENDATAAN,
        ("Nama Rupabumi", "Batas dan Nama Rupabumi Desa"),
        "nama unsur rupabumi dan batas wilayah desa",
        ("pembakuan nama rupabumi", "penyusunan gazeter daerah"),
        (
            "Nama unsur rupabumi",
            "Jenis unsur rupabumi",
            "Koordinat",
            "Asal bahasa",
            "Arti nama",
            "Sejarah nama",
        ),
        ("Bagian Tata Pemerintahan Sekretariat Daerah",),
        ("Badan Informasi Geospasial",),
        _ONCE,
    ),
    # 20 Ilmu Pengetahuan dan Hak Paten
    _Topic(
        _S.SCIENCE,
        _SURVEI,
        ("Kegiatan Penelitian dan Pengembangan",),
        "sumber daya dan keluaran kegiatan penelitian dan pengembangan",
        ("penyusunan agenda riset daerah", "penghitungan belanja penelitian dan pengembangan"),
        (
            "Jumlah peneliti",
            "Anggaran penelitian",
            "Jumlah judul penelitian",
            "Bidang penelitian",
            "Jumlah publikasi",
            "Jumlah paten",
            "Kerja sama penelitian",
        ),
        ("Badan Riset dan Inovasi Daerah",),
        ("Badan Riset dan Inovasi Nasional",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.SCIENCE,
        _KOMPILASI,
        ("Inovasi Daerah", "Kekayaan Intelektual Daerah"),
        "inovasi dan kekayaan intelektual yang dihasilkan daerah",
        ("penilaian indeks inovasi daerah", "perlindungan kekayaan intelektual komunal"),
        (
            "Jumlah inovasi",
            "Jenis inovasi",
            "Tahap penerapan",
            "Manfaat inovasi",
            "Jumlah permohonan merek",
            "Jumlah hak cipta",
            "Indikasi geografis",
        ),
        ("Badan Riset dan Inovasi Daerah",),
        ("Kementerian Dalam Negeri", "Kementerian Hukum"),
        _ANNUAL,
    ),
    # 21 Perlindungan Sosial dan Kesejahteraan
    _Topic(
        _S.SOCIAL_PROTECTION,
        _PENDATAAN,
        ("Keluarga Miskin", "Rumah Tangga Miskin dan Rentan Miskin"),
        "keluarga miskin dan rentan miskin beserta kondisi sosial ekonominya",
        ("penyusunan kebijakan penanggulangan kemiskinan", "penetapan sasaran bantuan sosial"),
        (
            "Jumlah anggota keluarga",
            "Pekerjaan kepala keluarga",
            "Penghasilan sebulan",
            "Kondisi tempat tinggal",
            "Kepemilikan aset",
            "Sumber air minum",
            "Bahan bakar memasak",
            "Penerimaan bantuan sosial",
            "Desil kesejahteraan",
            "Kepemilikan jaminan kesehatan",
        ),
        ("Dinas Sosial", "Badan Perencanaan Pembangunan Daerah"),
        ("Kementerian Sosial",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.SOCIAL_PROTECTION,
        ("Pemutakhiran Data",),
        ("Terpadu Kesejahteraan Sosial", "Penerima Bantuan Sosial"),
        "penerima dan calon penerima program perlindungan sosial",
        ("penyaluran bantuan sosial yang tepat sasaran", "pemutakhiran data tunggal sosial"),
        (
            "Status kepesertaan program",
            "Jumlah anggota keluarga",
            "Pekerjaan kepala keluarga",
            "Kondisi tempat tinggal",
            "Kepemilikan aset",
            "Penerimaan bantuan sosial",
            "Desil kesejahteraan",
            "Status disabilitas",
        ),
        ("Dinas Sosial",),
        ("Kementerian Sosial",),
        _ROUTINE,
    ),
    _Topic(
        _S.SOCIAL_PROTECTION,
        _PENDATAAN,
        ("Penyandang Disabilitas", "Penyandang Masalah Kesejahteraan Sosial"),
        "penyandang disabilitas dan penyandang masalah kesejahteraan sosial",
        ("perencanaan rehabilitasi sosial", "penyediaan layanan yang inklusif"),
        (
            "Jenis disabilitas",
            "Tingkat kesulitan fungsional",
            "Penyebab disabilitas",
            "Umur",
            "Jenis kelamin",
            "Pendidikan",
            "Status pekerjaan",
            "Alat bantu yang digunakan",
            "Penerimaan bantuan sosial",
        ),
        ("Dinas Sosial",),
        ("Kementerian Sosial",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.SOCIAL_PROTECTION,
        _SURVEI,
        ("Ketepatan Sasaran Bantuan Sosial", "Pemanfaatan Bantuan Sosial"),
        "ketepatan sasaran dan pemanfaatan bantuan sosial",
        ("evaluasi penyaluran bantuan sosial", "perbaikan mekanisme penyaluran bantuan"),
        (
            "Jenis bantuan yang diterima",
            "Frekuensi penerimaan",
            "Nilai bantuan",
            "Ketepatan waktu penyaluran",
            "Pemanfaatan bantuan",
            "Kelayakan penerima",
        ),
        ("Dinas Sosial",),
        ("Kementerian Sosial",),
        _ONCE,
    ),
    _Topic(
        _S.SOCIAL_PROTECTION,
        _KOMPILASI,
        ("Kepesertaan Jaminan Kesehatan Nasional", "Kepesertaan Jaminan Sosial"),
        "kepesertaan jaminan kesehatan dan jaminan sosial",
        ("perluasan cakupan kesehatan semesta", "penganggaran iuran penerima bantuan"),
        (
            "Jumlah peserta penerima bantuan iuran",
            "Jumlah peserta mandiri",
            "Jumlah peserta pekerja penerima upah",
            "Jumlah peserta nonaktif",
            "Fasilitas kesehatan tingkat pertama",
        ),
        ("Dinas Kesehatan", "Dinas Sosial"),
        ("Badan Penyelenggara Jaminan Sosial Kesehatan",),
        _ROUTINE,
    ),
    _Topic(
        _S.SOCIAL_PROTECTION,
        _SURVEI,
        ("Kesejahteraan Lanjut Usia",),
        "kondisi kesejahteraan dan kesehatan penduduk lanjut usia",
        ("perencanaan layanan ramah lanjut usia", "penyusunan program perlindungan sosial"),
        (
            "Umur",
            "Status tinggal bersama keluarga",
            "Sumber penghasilan",
            "Keluhan kesehatan",
            "Kepemilikan jaminan kesehatan",
            "Keikutsertaan dalam kegiatan sosial",
        ),
        ("Dinas Sosial",),
        ("Kementerian Sosial",),
        _ONCE,
    ),
    # 22 Transportasi
    _Topic(
        _S.TRANSPORT,
        _SURVEI,
        ("Lalu Lintas Kendaraan", "Volume Lalu Lintas dan Kecepatan Kendaraan"),
        "volume dan kecepatan lalu lintas kendaraan pada ruas jalan utama",
        ("manajemen dan rekayasa lalu lintas", "perencanaan peningkatan ruas jalan"),
        (
            "Jumlah sepeda motor",
            "Jumlah mobil penumpang",
            "Jumlah bus",
            "Jumlah truk",
            "Kecepatan rata-rata",
            "Waktu pengamatan",
            "Arah pergerakan",
            "Lokasi titik hitung",
            "Derajat kejenuhan",
        ),
        ("Dinas Perhubungan",),
        ("Kementerian Perhubungan",),
        _ONCE_OR_ANNUAL,
    ),
    _Topic(
        _S.TRANSPORT,
        _SURVEI,
        ("Asal Tujuan Perjalanan", "Kepuasan Pengguna Angkutan Umum"),
        "pola perjalanan dan penilaian pengguna angkutan umum",
        ("penataan trayek angkutan umum", "perencanaan transportasi daerah"),
        (
            "Asal perjalanan",
            "Tujuan perjalanan",
            "Maksud perjalanan",
            "Moda transportasi",
            "Waktu tempuh",
            "Biaya perjalanan",
            "Frekuensi perjalanan",
            "Penilaian kenyamanan angkutan",
        ),
        ("Dinas Perhubungan",),
        ("Kementerian Perhubungan",),
        _ONCE,
    ),
    _Topic(
        _S.TRANSPORT,
        _KOMPILASI,
        ("Kendaraan Bermotor dan Angkutan Umum", "Kecelakaan Lalu Lintas"),
        "kendaraan bermotor, angkutan umum, dan kecelakaan lalu lintas",
        ("peningkatan keselamatan lalu lintas", "penataan angkutan umum"),
        (
            "Jumlah kendaraan bermotor terdaftar",
            "Jumlah angkutan umum",
            "Jumlah trayek",
            "Jumlah uji berkala kendaraan",
            "Jumlah kecelakaan lalu lintas",
            "Jumlah korban kecelakaan",
        ),
        ("Dinas Perhubungan",),
        ("Kementerian Perhubungan",),
        _ROUTINE,
    ),
    _Topic(
        _S.TRANSPORT,
        ("Inventarisasi",),
        ("Jalan dan Jembatan", "Kondisi Ruas Jalan"),
        "panjang, kondisi, dan status jalan serta jembatan",
        ("pemrograman pemeliharaan jalan", "penyusunan rencana induk jaringan jalan"),
        (
            "Panjang ruas jalan",
            "Lebar jalan",
            "Jenis permukaan jalan",
            "Kondisi jalan",
            "Jumlah jembatan",
            "Kondisi jembatan",
            "Status jalan",
        ),
        ("Dinas Pekerjaan Umum dan Penataan Ruang",),
        ("Kementerian Pekerjaan Umum",),
        _ONCE_OR_ANNUAL,
    ),
)

# --------------------------------------------------------------------------
# Generation


class _Variant(NamedTuple):
    """One topic × kind × subject, prepared for one office."""

    title: str
    method: str
    sector: str
    agencies: tuple[str, ...]
    first_sentences: tuple[str, ...]
    use_sentences: tuple[str, ...]
    notes: tuple[str, ...]
    variable_sets: tuple[tuple[str, ...], ...]
    frequencies: tuple[str, ...]


_VARIABLE_SETS_PER_TOPIC = 16


def _variable_sets(rng: random.Random, variables: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A few subsets of 3–10 variables, in template order, always with the first."""
    rest = range(1, len(variables))
    sets = []
    for _ in range(_VARIABLE_SETS_PER_TOPIC):
        k = rng.randint(3, min(10, len(variables)))
        picked = sorted(rng.sample(rest, k - 1))
        sets.append((variables[0], *(variables[i] for i in picked)))
    return tuple(sets)


def _office_kind(code: str, region: str) -> str:
    if not region or code == "0000":
        return "pusat"
    return "provinsi" if code.endswith("00") else "kabupaten"


def _working_days(year: int) -> tuple[str, ...]:
    day = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31).toordinal()
    return tuple(
        datetime.date.fromordinal(ordinal).isoformat()
        for ordinal in range(day.toordinal(), end + 1)
        if datetime.date.fromordinal(ordinal).weekday() < 5
    )


def generate_activities(
    count: int,
    *,
    seed: int = 3304,
    offices=DEMO_OFFICES,
    years: range = range(2019, 2027),
) -> Iterator[dict]:
    """Yield `count` activity records (dicts).

    Keys: recommendation_number (unique; "B-{seq}/{office_code}0/KS.000/{year}",
    seq counting per office and year from 1), title, year, agency, office_code,
    office_name, method, frequency, coverage, sector (codes of `catalog.codes`),
    objective (1–3 sentences), variables (3–10 names) and decided_on (an ISO
    working day within `year`). The same arguments give the same records.
    """
    offices = tuple(tuple(office) for office in offices)
    years = tuple(years)
    if count > 0 and (not offices or not years):
        raise ValueError("generate_activities needs at least one office and one year")
    if len({office[0] for office in offices}) != len(offices):
        raise ValueError("office codes must be distinct (recommendation numbers would repeat)")

    rng = random.Random(seed)
    r = rng.random

    variable_sets = [_variable_sets(rng, topic.variables) for topic in _TOPICS]

    # Per office: its variants, sub-areas and weight.
    office_data = []
    for code, name, region in offices:
        kind = _office_kind(code, region)
        area = f"di {region}" if kind != "pusat" else "di seluruh Indonesia"
        topics = []
        for topic, var_sets in zip(_TOPICS, variable_sets, strict=True):
            if kind == "pusat":
                agencies = topic.central
            else:
                agencies = tuple(f"{stem} {region}" for stem in topic.agencies)
            use_sentences = tuple(
                template.format(use=use) for template in _USE_SENTENCES for use in topic.uses
            )
            variants = []
            for kind_word in topic.kinds:
                method = _KIND_METHOD[kind_word]
                first = tuple(f"{lead} {topic.focus} {area}." for lead in _LEADS[method])
                for subject in topic.subjects:
                    variants.append(
                        _Variant(
                            title=f"{kind_word} {subject}",
                            method=method,
                            sector=topic.sector.value,
                            agencies=agencies,
                            first_sentences=first,
                            use_sentences=use_sentences,
                            notes=_METHOD_NOTES[method],
                            variable_sets=var_sets,
                            frequencies=topic.frequencies,
                        )
                    )
            topics.append(tuple(variants))
        whole = _NATIONAL_COVERAGE if kind == "pusat" else region
        sub_areas = _SUB_AREAS.get(code) or (_PROVINSI if kind == "pusat" else ())
        office_data.append((code, name, region, whole, sub_areas, tuple(topics)))

    default = offices == DEMO_OFFICES
    office_bag = tuple(
        index
        for index, (code, _name, _region) in enumerate(offices)
        for _ in range(DEMO_OFFICE_WEIGHTS[code] if default else 1)
    )
    # Recent years a little more often: weights 3, 4, 5, …
    year_bag = tuple(index for index in range(len(years)) for _ in range(index + 3))
    days = tuple(_working_days(year) for year in years)
    sequences = [[0] * len(years) for _ in offices]
    year_texts = tuple(str(year) for year in years)

    n_office_bag = len(office_bag)
    n_year_bag = len(year_bag)
    n_topics = len(_TOPICS)
    sample = rng.sample

    for _ in range(count):
        office_index = office_bag[int(r() * n_office_bag)]
        code, office_name, region, whole, sub_areas, topics = office_data[office_index]
        year_index = year_bag[int(r() * n_year_bag)]
        year = years[year_index]
        sequence = sequences[office_index]
        sequence[year_index] += 1

        variants = topics[int(r() * n_topics)]
        variant = variants[int(r() * len(variants))]

        # Coverage: mostly the whole region, sometimes one to a few smaller areas.
        area = region
        if sub_areas and r() < 0.25:
            chosen = sample(sub_areas, 1 + int(r() * 3))
            coverage = ", ".join(chosen)
            if len(chosen) == 1:
                area = coverage
        else:
            coverage = whole

        # Title: the bare variant or qualified by area and/or year.
        q = r()
        if q < 0.4:
            title = variant.title
        elif not area:
            title = f"{variant.title} Tahun {year}" if q < 0.75 else variant.title
        elif q < 0.7:
            title = f"{variant.title} {area}"
        elif q < 0.9:
            title = f"{variant.title} {area} Tahun {year}"
        else:
            title = f"{variant.title} Tahun {year}"

        first = variant.first_sentences
        objective = first[int(r() * len(first))]
        q = r()
        if q >= 0.3:
            uses = variant.use_sentences
            objective = f"{objective} {uses[int(r() * len(uses))]}"
            if q >= 0.8:
                notes = variant.notes
                objective = f"{objective} {notes[int(r() * len(notes))]}"

        agencies = variant.agencies
        variable_sets_ = variant.variable_sets
        frequencies = variant.frequencies
        year_days = days[year_index]
        yield {
            "recommendation_number": (
                f"B-{sequence[year_index]}/{code}0/KS.000/{year_texts[year_index]}"
            ),
            "title": title,
            "year": year,
            "agency": agencies[int(r() * len(agencies))],
            "office_code": code,
            "office_name": office_name,
            "method": variant.method,
            "frequency": frequencies[int(r() * len(frequencies))],
            "coverage": coverage,
            "sector": variant.sector,
            "objective": objective,
            "variables": list(variable_sets_[int(r() * len(variable_sets_))]),
            "decided_on": year_days[int(r() * len(year_days))],
        }


# --------------------------------------------------------------------------
# Import-format writers


def _import_row(row: dict) -> dict:
    return {column: row[column] for column in CSV_COLUMNS}


def write_csv(rows: Iterable[dict], path) -> int:
    """Write rows as an import CSV (UTF-8, header `CSV_COLUMNS`, variables joined
    with ";", no office_name column); returns the number of rows written."""
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv_cells.dict_writer(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            line = _import_row(row)
            line["variables"] = VARIABLE_SEPARATOR.join(row["variables"])
            writer.writerow(line)
            written += 1
    return written


def write_jsonl(rows: Iterable[dict], path) -> int:
    """Write rows as import JSON Lines (UTF-8, one object per line with the keys of
    `CSV_COLUMNS`, variables as a list); returns the number of rows written."""
    written = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(_import_row(row), ensure_ascii=False))
            handle.write("\n")
            written += 1
    return written
