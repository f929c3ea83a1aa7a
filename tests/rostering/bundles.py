"""Small hand-written OneRoster 1.2 bundles for the rostering tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from accounts.models import User
from rostering.models import RosterImport
from rostering.services import record_bundle, run_import
from tenants.context import in_region
from tenants.models import Region

MANIFEST_HEAD = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"

ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
ta,,,Республика Татарстан,state,RU-TA,
s1,,,Школа № 1,school,001,ta
s2,,,Гимназия № 2,school,002,ta
"""
SESSIONS = """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
y26,,,2026/2027,schoolYear,2026-09-01,2027-05-31,,2027
h1,,,1 полугодие,semester,2026-09-01,2026-12-28,y26,2027
h2,,,2 полугодие,semester,2027-01-12,2027-05-31,y26,2027
"""
COURSES = """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
math,,,y26,Математика,MATH,,ta,,
rus,,,y26,Русский язык,RUS,,ta,,
"""  # noqa: E501
CLASSES = """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
c5a,,,5А,05,math,5А,homeroom,,s1,y26,,,
c5a-math,,,5А Математика,05,math,5А,scheduled,,s1,y26,,,
c5a-rus,,,5А Русский язык,05,rus,5А,scheduled,,s1,y26,,,
c6b,,,6Б,06,rus,6Б,homeroom,,s2,y26,,,
c6b-math,,,6Б Математика,06,math,6Б,scheduled,,s2,y26,,,
"""  # noqa: E501
USERS = """sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns
t1,,,true,ivanova,,Мария,Иванова,Петровна,,ivanova@school.example,,,,,,,,,,,s1,
p1,,,true,sidorov,,Пётр,Сидоров,,,sidorov@school.example,,,par1,05,,,,,,,s1,
p2,,,true,sidorova,,Анна,Сидорова,,,,,,par1,06,,,,,,,s2,
par1,,,true,sidorova-mama,,Елена,Сидорова,,,mama@family.example,,,"p1,p2",,,,,,,,,
"""  # noqa: E501
ROLES = """sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
r-t1-s1,,,t1,primary,teacher,,,s1,
r-t1-s2,,,t1,secondary,teacher,,,s2,
r-p1,,,p1,primary,student,,,s1,
r-p2,,,p2,primary,student,,,s2,
r-par1,,,par1,primary,parent,,,s1,
"""  # noqa: E501
ENROLLMENTS = """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
e1,,,c5a,s1,p1,student,,,
e2,,,c6b,s2,p2,student,,2026-09-01,
e3,,,c5a-math,s1,t1,teacher,true,,
e4,,,c6b-math,s2,t1,teacher,true,,
e5,,,c5a,s1,t1,teacher,true,,
e6,,,c5a-math,s1,p1,student,,,
"""  # noqa: E501
BULK = {
    "orgs": ORGS, "academicSessions": SESSIONS, "courses": COURSES, "classes": CLASSES,
    "users": USERS, "roles": ROLES, "enrollments": ENROLLMENTS,
}


def write_bundle(folder: Path, files: dict[str, str | bytes], *, modes: dict[str, str] | None = None,
                 name: str = "bundle.zip") -> Path:
    """A zip of `files` (name -> CSV text) with a manifest: bulk for each, unless `modes` says."""
    modes = modes or {}
    manifest = MANIFEST_HEAD + "".join(
        f"file.{name},{modes.get(name, 'bulk')}\n" for name in files
    )
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.csv", manifest)
        for file, text in files.items():
            archive.writestr(f"{file}.csv", text if isinstance(text, bytes) else text.encode())
    return path


def import_bundle(region: Region, path: Path, *, apply: bool = True, skip_errors: bool = False,
                  actor: User | None = None) -> RosterImport:
    """Check or apply the bundle at `path` in `region`, as the task does; return the import."""
    with in_region(region):
        roster_import = record_bundle(region=region, actor=actor, path=path, name=path.name,
                                        skip_errors=skip_errors)
        return run_import(region=region, roster_import=roster_import, apply=apply)
