from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

# Only Bangkok has เขต/แขวง; every other province has อำเภอ/ตำบล (Bangkok Metropolitan
# Administration Act B.E. 2528).
BANGKOK_TH = "กรุงเทพมหานคร"


class Province(models.Model):
    name_th = models.CharField(max_length=100, unique=True)
    name_en = models.CharField(max_length=100, blank=True)
    abbr_th = models.CharField(max_length=10, blank=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        ordering = ["name_th"]

    def __str__(self) -> str:
        # In the page's language: pythainlp gives every province an English name.
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class District(models.Model):
    """อำเภอ, or เขต in Bangkok."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="districts")
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        ordering = ["name_th"]
        constraints = [models.UniqueConstraint(fields=["province", "name_th"], name="unique_district")]

    def __str__(self) -> str:
        return f"{self.name_th}, {self.province}"

    @property
    def in_bangkok(self) -> bool:
        return self.province.name_th == BANGKOK_TH

    @property
    def office_name_th(self) -> str:
        """The district's office: สำนักงานเขต in Bangkok, ที่ว่าการอำเภอ everywhere else."""
        return ("สำนักงานเขต" if self.in_bangkok else "ที่ว่าการอำเภอ") + self.name_th


class Subdistrict(models.Model):
    """ตำบล, or แขวง in Bangkok."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="subdistricts")
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=5, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    # True where the source had no coordinates and we used the district's centre instead.
    approximate = models.BooleanField(default=False)

    class Meta:
        ordering = ["name_th"]
        constraints = [models.UniqueConstraint(fields=["district", "name_th"], name="unique_subdistrict")]

    def __str__(self) -> str:
        return f"{self.name_th}, {self.district.name_th}, {self.district.province}"

    @property
    def province(self) -> Province:
        return self.district.province
