package gtach.provisioning.repository.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * File-system failures as sentence fragments for operators: Java's exceptions often carry only a
 * path as their message, which says nothing about what went wrong.
 */
final class IoErrorText {

    private IoErrorText() {
    }

    /** For example {@code permission denied (/home/x/.gtach/repository/packages)}. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException failure) {
            String file = failure.getFile();
            String what;
            if (failure instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (failure instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (failure instanceof FileAlreadyExistsException) {
                what = "a file is in the way";
            } else if (failure instanceof NotDirectoryException) {
                what = "not a directory";
            } else if (failure instanceof DirectoryNotEmptyException) {
                what = "the directory is not empty";
            } else {
                String full = full(failure.getReason());
                if (full != null) {
                    return file == null ? full : full + " in " + file;
                }
                what = failure.getReason() == null ? failure.getClass().getSimpleName() : failure.getReason();
            }
            return file == null ? what : what + " (" + file + ")";
        }
        String network = network(e);
        if (network != null) {
            return network;
        }
        String full = full(e.getMessage());
        return full != null ? full : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The JDK's HTTP client throws these with no message at all, or one naming only a host. */
    private static String network(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "the connection timed out";
        } else if (e instanceof java.net.http.HttpTimeoutException) {
            return "the server did not answer in time";
        } else if (e instanceof java.net.ConnectException) {
            return "the server refused the connection or cannot be reached";
        } else if (e instanceof java.net.UnknownHostException) {
            return e.getMessage() == null ? "the host is unknown" : "the host " + e.getMessage() + " is unknown";
        } else if (e instanceof javax.net.ssl.SSLException) {
            return "the TLS connection failed" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return null;
    }

    /** What the system's words for a write that found no room mean, or null for other failures. */
    private static String full(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "No space left on device" -> "the disk is full";
            case "File too large" -> "the file-size limit is reached";
            case "Disk quota exceeded" -> "the disk quota is full";
            default -> null;
        };
    }
}
