#if canImport(Glibc)
import Glibc
#endif

/// Reads files under a root folder for `GET` requests: only paths made of safe, decoded segments
/// (no `..`), regular files only, with a content type from the extension.
enum StaticFiles {
    enum Outcome {
        case file(bytes: [UInt8], contentType: String)
        case notFound
        case tooLarge
    }

    static func contentType(forPath path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "txt": return "text/plain; charset=utf-8"
        case "ico": return "image/x-icon"
        default: return "application/octet-stream"
        }
    }

    /// Loads `components` (already decoded and checked by `safePathComponents`) under `root`.
    static func load(root: String, components: [String], maxSize: Int) -> Outcome {
        let relative = components.isEmpty ? ["index.html"] : components
        guard !relative.contains(where: { $0.hasPrefix(".") && $0 != "." }) else { return .notFound }
        var path = root.hasSuffix("/") ? String(root.dropLast()) : root
        for component in relative { path += "/" + component }
        var info = stat()
        guard stat(path, &info) == 0 else { return .notFound }
        if info.st_mode & S_IFMT == S_IFDIR {
            path += "/index.html"
            guard stat(path, &info) == 0 else { return .notFound }
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notFound }
        guard Int(info.st_size) <= maxSize else { return .tooLarge }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return .notFound }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count <= 0 { break }
            total += count
        }
        bytes.removeLast(bytes.count - total)
        return .file(bytes: bytes, contentType: contentType(forPath: path))
    }
}
