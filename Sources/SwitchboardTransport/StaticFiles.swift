#if canImport(Glibc)
import Glibc
#endif

/// Reads files under a root folder for `GET` requests: only paths made of safe, decoded segments
/// (no `..`, no segment starting with `.`), regular files only, with a content type from the extension.
///
/// No symbolic link below the root is followed, not even one to a file inside it: each folder is
/// opened relative to the one before with `O_NOFOLLOW | O_DIRECTORY`, and the file with
/// `O_NOFOLLOW`, so a link planted in the web root (`ln -s /etc web/etc`) cannot expose what lies
/// outside. The root itself may be a link. A refused path answers 404, like a missing one.
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
        guard !relative.contains(where: { $0.hasPrefix(".") }) else { return .notFound }
        var folder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return .notFound }
        defer { close(folder) }
        for component in relative.dropLast() {
            let next = openat(folder, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return .notFound }
            close(folder)
            folder = next
        }
        var name = relative[relative.count - 1]
        guard var file = openEntry(in: folder, name) else { return .notFound }
        if file.isFolder {
            let index = openEntry(in: file.descriptor, "index.html")
            close(file.descriptor)
            guard let index, !index.isFolder else {
                if let index { close(index.descriptor) }
                return .notFound
            }
            file = index
            name = "index.html"
        }
        defer { close(file.descriptor) }
        guard file.size <= maxSize else { return .tooLarge }
        var bytes = [UInt8](repeating: 0, count: file.size)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(file.descriptor, $0.baseAddress! + total, $0.count - total) }
            if count <= 0 { break }
            total += count
        }
        bytes.removeLast(bytes.count - total)
        return .file(bytes: bytes, contentType: contentType(forPath: name))
    }

    /// Opens `name` in the folder `parent` without following a link; nil unless it is a regular
    /// file or a folder. `O_NONBLOCK` keeps a FIFO from blocking the loop before it is rejected.
    private static func openEntry(in parent: Int32, _ name: String) -> (descriptor: Int32, isFolder: Bool, size: Int)? {
        let descriptor = openat(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return nil
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return (descriptor, false, Int(info.st_size))
        case S_IFDIR:
            return (descriptor, true, 0)
        default:
            close(descriptor)
            return nil
        }
    }
}
