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
    "residents.merge": N_("Menggabungkan data warga binaan ganda"),
    "residents.import": N_("Mengimpor daftar warga binaan dari Excel/CSV"),
    "residents.export": N_("Mengekspor daftar warga binaan"),
    "stays.manage": N_("Menerima, memindahkan dan mengeluarkan warga binaan"),
    "stays.override_capacity": N_("Melampaui kapasitas kamar (persetujuan pimpinan)"),
    "demo.generate": N_("Membuat data contoh"),
}

ROLES: tuple[str, ...] = ("admin", "pimpinan", "pekerja_sosial", "petugas_administrasi", "mitra", "auditor")


def permission_label(name: str) -> str:
    from kesos_desktop.core.i18n import _

    return _(PERMISSIONS.get(name, name))
