; Inno Setup script: installs 支部工作台 for the current user, without administrator rights.
; Needs the bundle first (pyinstaller packaging\branchdesk.spec, on Windows); then, from the
; repository's top folder:
;   iscc /DAppVersion=0.1.0 packaging\windows\branchdesk.iss   ->  dist\BranchDesk-0.1.0-setup.exe
; .github/workflows/windows.yml does both. Windows 10 x64 (version 1809) or later.
; The file is UTF-8 with a byte order mark, so that Inno Setup reads the Chinese text right.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "支部工作台"
#define AppExe "BranchDesk.exe"

[Setup]
; Never change AppId: upgrades and the uninstaller find an earlier installation by it.
AppId={{7D3F2C9A-5B1E-4C8D-9A6F-2E4B8C1D7F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BranchDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per-user: %LOCALAPPDATA%\Programs\BranchDesk, no UAC prompt. The data is elsewhere
; (%LOCALAPPDATA%\BranchDesk, see base/paths.py), so uninstalling never touches it.
PrivilegesRequired=lowest
DefaultDirName={autopf}\BranchDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=BranchDesk-{#AppVersion}-setup
SetupIconFile=resources\icons\branchdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running 支部工作台 before its files are replaced.
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
; Inno Setup ships the Simplified Chinese messages with recent versions only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "zh"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[InstallDelete]
; An upgrade replaces the program's files whole: no module of an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\BranchDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
