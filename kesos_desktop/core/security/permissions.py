"""Permission names checked by the services; roles grant sets of them (defaults in resources/data/roles.csv)."""

from __future__ import annotations

from kesos_desktop.core.i18n import N_

# Each permission with its label (translated where shown). Services check these names, never role names.
PERMISSIONS: dict[str, str] = {
    "users.manage": N_("Mengelola akun pengguna dan peran"),
    "audit.view": N_("Melihat log audit"),
    "office.manage": N_("Mengubah data kantor, kop surat dan penandatangan"),
    "reference.manage": N_("Mengubah data referensi (kategori, alasan keluar, jenis lembaga)"),
    "institutions.view": N_("Melihat lembaga, kamar dan tempat tidur"),
    "institutions.manage": N_("Mengelola lembaga, kamar dan tempat tidur"),
    "residents.view": N_("Melihat daftar warga binaan"),
    "residents.edit": N_("Mencatat dan mengubah data warga binaan"),
    "residents.view_nik": N_("Melihat NIK dan No. KK tanpa sensor"),
    "residents.view_health": N_("Melihat catatan kesehatan dan disabilitas (data pribadi spesifik)"),
    "residents.merge": N_("Menggabungkan data warga binaan ganda"),
    "residents.import": N_("Mengimpor daftar warga binaan dari Excel/CSV"),
    "residents.export": N_("Mengekspor daftar warga binaan"),
    "stays.manage": N_("Menerima, memindahkan dan mengeluarkan warga binaan"),
    "stays.override_capacity": N_("Melampaui kapasitas kamar (persetujuan pimpinan)"),
    "demo.generate": N_("Membuat data contoh"),
    "returns.view": N_("Melihat rencana pemulangan, voucher dan anggaran pemulangan"),
    "returns.plan": N_("Menyusun rencana pemulangan dan mencatat keberangkatan serta serah terima"),
    "returns.approve": N_("Menyetujui rencana pemulangan (pimpinan)"),
    "vouchers.issue": N_("Menerbitkan dan mencetak ulang voucher bantuan transport"),
    "vouchers.void": N_("Membatalkan voucher bantuan transport"),
    "letters.issue": N_(
        "Menerbitkan surat pengantar, berita acara serah terima dan surat jalan pemulangan; mencatat nomor surat"
    ),
    "budget.manage": N_("Mengelola sumber dana, pagu anggaran dan tarif pemulangan"),
    "budget.override": N_("Menyetujui pemulangan melampaui sisa anggaran (pimpinan)"),
    "relay.manage": N_("Mengelola jaringan estafet: kantor, hubungan dan aturan penerusan"),
    "cases.view": N_("Melihat kasus rehabilitasi, asesmen, rencana intervensi, layanan dan catatan"),
    "cases.manage": N_("Membuka kasus, memindahkan tahap, terminasi dan menyusun rencana intervensi"),
    "assessments.complete": N_("Mengisi dan menyelesaikan asesmen"),
    "plans.approve": N_("Menyetujui rencana intervensi (pimpinan)"),
    "notes.write": N_("Menulis catatan perkembangan dan temu bahas kasus"),
    "notes.view_confidential": N_("Membaca catatan rahasia yang ditulis orang lain"),
    "activities.manage": N_("Mencatat sesi layanan, kegiatan kelompok dan daftar hadir"),
    "training.manage": N_("Mengelola pelatihan vokasional, peserta, kelulusan dan sertifikat"),
    "placements.view": N_("Melihat penempatan anak di lembaga mitra"),
    "placements.manage": N_("Menempatkan anak di lembaga mitra dan mengakhiri penempatan"),
    "placements.report": N_("Mengisi laporan berkala anak yang ditempatkan (lembaga mitra)"),
    "tasks.view": N_("Melihat dan menyelesaikan tugas dan pengingat"),
}

ROLES: tuple[str, ...] = ("admin", "pimpinan", "pekerja_sosial", "petugas_administrasi", "mitra", "auditor")


def permission_label(name: str) -> str:
    from kesos_desktop.core.i18n import _

    return _(PERMISSIONS.get(name, name))
