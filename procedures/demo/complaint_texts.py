"""What the demo's complainants write on the complaint form and what the office
answers them (`procedures.demo.history.plan_complaints`). The subjects are the
choices of the seeded form's "Hal yang diadukan" (site/content/complaint_form.toml)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Complainant:
    name: str
    email: str
    phone: str
    institution: str  # "" for a private person


@dataclass(frozen=True)
class ComplaintText:
    subject: str  # a choice of the form's "Hal yang diadukan"
    text: str  # "Isi pengaduan"
    replies: tuple[str, ...]  # the office's answers, in order (none: closed at once)
    closing: str  # the conclusion the complainant reads when it is closed
    handler: str = "examiner"  # who follows it up: examiner | signatory


COMPLAINANTS = (
    Complainant(
        "Rina Handayani",
        "rina.handayani@banjarnegarakab.go.id",
        "0812-2734-5510",
        "Dinas Pertanian, Perikanan dan Ketahanan Pangan Kabupaten Banjarnegara",
    ),
    Complainant(
        "Agus Setiawan",
        "agus.setiawan@banjarnegarakab.go.id",
        "0813-2915-4471",
        "Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Banjarnegara",
    ),
    Complainant("Dewi Lestari", "dewi.lestari@example.com", "0857-4120-3398", ""),
    Complainant(
        "Bambang Sutrisno",
        "bambang.sutrisno@banjarnegarakab.go.id",
        "0821-3560-7702",
        "Dinas Kesehatan Kabupaten Banjarnegara",
    ),
    Complainant(
        "Siti Nurhaliza",
        "siti.nurhaliza@example.com",
        "",
        "Universitas Jenderal Soedirman",
    ),
    Complainant(
        "Hendra Wijaya",
        "hendra.wijaya@banjarnegarakab.go.id",
        "0878-1123-9046",
        "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Banjarnegara",
    ),
    Complainant("Yuliana Pratiwi", "yuliana.pratiwi@example.com", "0812-9087-1135", ""),
    Complainant(
        "Eko Prasetyo",
        "eko.prasetyo@banjarnegarakab.go.id",
        "0852-2744-0981",
        "Dinas Komunikasi dan Informatika Kabupaten Banjarnegara",
    ),
)

COMPLAINT_TEXTS = (
    ComplaintText(
        "Waktu penyelesaian",
        "Pengajuan rekomendasi survei kami sudah tiga minggu berstatus Diperiksa dan belum "
        "ada kabar. Jadwal pencacahan dimulai bulan depan. Mohon informasi kapan rekomendasi "
        "dapat terbit.",
        (
            "Terima kasih atas pengaduan Bapak/Ibu. Pengajuan sedang kami periksa dan catatan "
            "pemeriksaan akan dikirim paling lambat tiga hari kerja lagi. Batas waktu "
            "penyelesaian tetap 30 hari kerja sejak pengajuan lengkap.",
        ),
        "Catatan pemeriksaan telah dikirim dan rekomendasi diterbitkan setelah perbaikan. "
        "Pengaduan kami nyatakan selesai; terima kasih atas kesabarannya.",
    ),
    ComplaintText(
        "Persyaratan",
        "Untuk kegiatan kompilasi data administrasi kami diminta mengunggah kuesioner, padahal "
        "kegiatan ini tidak memakai kuesioner. Mohon penjelasan persyaratan yang sebenarnya.",
        (
            "Untuk kompilasi produk administrasi, kuesioner tidak wajib; cukup lampirkan "
            "formulir atau format isian yang dipakai untuk mengumpulkan data. Petugas kami "
            "sudah memperbaiki catatan pada pengajuan Bapak/Ibu.",
        ),
        "Persyaratan sudah dijelaskan dan pengajuan dapat dilanjutkan. Pengaduan selesai.",
    ),
    ComplaintText(
        "Prosedur",
        "Akun operator kami tidak bisa mengirim pengajuan karena instansi masih menunggu "
        "konfirmasi BPS. Sudah seminggu belum dikonfirmasi.",
        (
            "Mohon maaf atas keterlambatan. Instansi Bapak/Ibu sudah kami konfirmasi hari ini; "
            "pengajuan sekarang dapat dikirim.",
        ),
        "Instansi telah dikonfirmasi dan pengajuan sudah kami terima. Pengaduan selesai.",
    ),
    ComplaintText(
        "Produk layanan",
        "Rekomendasi kegiatan kami sudah terbit, tetapi kegiatannya belum muncul di katalog "
        "kegiatan statistik di situs ini.",
        (
            "Katalog diperbarui setelah surat rekomendasi ditandatangani; kegiatan Bapak/Ibu "
            "sudah tampil dengan nomor rekomendasinya. Silakan muat ulang halaman katalog.",
        ),
        "Kegiatan sudah tampil di katalog. Pengaduan selesai.",
    ),
    ComplaintText(
        "Perilaku petugas",
        "Saat mengantar formulir ke kantor, kami diminta kembali keesokan harinya karena "
        "petugas pemeriksa tidak di tempat. Mohon ada petugas pengganti di loket.",
        (
            "Terima kasih atas masukannya. Mulai minggu ini loket pelayanan selalu dijaga "
            "petugas pengganti yang dapat mencatat pengajuan secara langsung.",
        ),
        "Petugas pengganti loket sudah ditetapkan. Mohon maaf atas ketidaknyamanannya; "
        "pengaduan selesai.",
        handler="signatory",
    ),
    ComplaintText(
        "Biaya/tarif",
        "Ada pihak yang menawarkan jasa pengurusan rekomendasi kegiatan statistik dengan "
        "biaya. Apakah layanan ini memang berbayar?",
        (
            "Layanan rekomendasi kegiatan statistik tidak dipungut biaya apa pun. Mohon "
            "jangan menggunakan jasa perantara dan laporkan kepada kami bila ada yang "
            "meminta pembayaran atas nama BPS.",
        ),
        "Informasi biaya sudah kami sampaikan dan diumumkan di standar pelayanan. "
        "Pengaduan selesai.",
        handler="signatory",
    ),
    ComplaintText(
        "Prosedur",
        "Catatan perbaikan yang kedua berbeda dengan catatan pertama, sehingga kami harus "
        "mengubah rancangan sampel dua kali. Mohon catatan disampaikan sekaligus.",
        (
            "Terima kasih atas masukannya. Catatan kedua menanggapi perubahan yang Bapak/Ibu "
            "buat pada perbaikan pertama. Ke depan pemeriksa akan menyampaikan semua catatan "
            "sekaligus sejauh memungkinkan.",
            "Pemeriksa kami sudah menghubungi Bapak/Ibu untuk konsultasi rancangan sampel "
            "sebelum perbaikan berikutnya dikirim.",
        ),
        "Konsultasi sudah dilakukan dan perbaikan diterima. Pengaduan selesai.",
    ),
    ComplaintText(
        "Lainnya",
        "Tautan survei kepuasan pada e-mail keputusan tidak dapat dibuka dari ponsel kantor kami.",
        (
            "Tautan survei dapat dibuka tanpa masuk akun selama 30 hari setelah keputusan. "
            "Bila jaringan kantor memblokirnya, silakan buka dari jaringan lain atau isi "
            "kuesioner kertas di kantor kami.",
        ),
        "Survei sudah berhasil diisi. Terima kasih; pengaduan selesai.",
    ),
    ComplaintText(
        "Persyaratan",
        "Apakah surat pengantar dari kepala dinas wajib dilampirkan bila pengajuan dikirim "
        "secara daring?",
        (),
        "Surat pengantar tidak diperlukan untuk pengajuan daring: akun operator instansi "
        "yang sudah dikonfirmasi menggantikannya. Pengaduan kami tutup dengan jawaban ini.",
    ),
    ComplaintText(
        "Lainnya",
        "Mohon disediakan panduan pengisian formulir rancangan kegiatan (FRKSS) dalam bentuk "
        "video agar operator baru mudah belajar.",
        (
            "Terima kasih atas sarannya. Panduan video sedang kami siapkan bersama Dinas "
            "Komunikasi dan Informatika.",
        ),
        "Panduan video sudah tersedia di halaman standar pelayanan. Pengaduan selesai.",
    ),
    ComplaintText(
        "Waktu penyelesaian",
        "Surat rekomendasi kami ditandatangani lewat dari 30 hari kerja. Mohon penjelasan.",
        (
            "Mohon maaf atas keterlambatan. Penandatanganan tertunda karena kepala kantor "
            "bertugas ke luar daerah; kini penandatanganan dapat dilakukan oleh pejabat "
            "pengganti.",
        ),
        "Penjelasan sudah disampaikan dan pejabat pengganti penandatangan sudah ditetapkan. "
        "Pengaduan selesai.",
        handler="signatory",
    ),
    ComplaintText(
        "Produk layanan",
        "Nama instansi pada surat rekomendasi kami tertulis tidak lengkap.",
        (
            "Nama instansi pada surat mengikuti data instansi di akun. Data instansi "
            "Bapak/Ibu sudah kami lengkapi; surat berikutnya akan memakai nama yang benar.",
        ),
        "Data instansi sudah diperbaiki. Pengaduan selesai.",
    ),
    ComplaintText(
        "Waktu penyelesaian",
        "Pengajuan kami belum diambil petugas sejak dikirim minggu lalu. Mohon segera "
        "diperiksa karena kegiatan dibiayai anggaran tahun ini.",
        (
            "Pengajuan Bapak/Ibu sudah kami ambil untuk diperiksa hari ini. Hasil pemeriksaan "
            "akan kami kirim melalui aplikasi.",
        ),
        "Pengajuan sudah diperiksa. Pengaduan selesai.",
    ),
)
