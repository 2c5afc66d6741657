"""Runtime hook: run on the bundle's own Qt plugins, whatever the PC's environment says.

Some programs set QT_QPA_PLATFORM_PLUGIN_PATH for every user; Qt would then try the
platform plugin of that other Qt installation first, and an incompatible one stops the
program before its window appears. PyInstaller's PySide6 hook already points QT_PLUGIN_PATH
at the bundled plugins; this removes the platform override.
"""

import os

os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
