"""The city side (市直机关工委): keys, package import, return files, reports. Qt-free."""
