package kz.qaqpa.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.hsqldb.lib.EventLogInterface;
import org.hsqldb.lib.FileAccess;

/** HSQLDB's file access passed on to the one it replaces; a subclass overrides only what it watches or changes. */
abstract class ForwardingFileAccess implements FileAccess {
    protected final FileAccess files;

    protected ForwardingFileAccess(FileAccess files) {
        this.files = files;
    }

    @Override
    public FileSync getFileSync(OutputStream os) throws IOException {
        return files.getFileSync(os);
    }

    @Override
    public InputStream openInputStreamElement(String name) throws IOException {
        return files.openInputStreamElement(name);
    }

    @Override
    public OutputStream openOutputStreamElement(String name) throws IOException {
        return files.openOutputStreamElement(name);
    }

    @Override
    public OutputStream openOutputStreamElementAppend(String name) throws IOException {
        return files.openOutputStreamElementAppend(name);
    }

    @Override
    public boolean isStreamElement(String name) {
        return files.isStreamElement(name);
    }

    @Override
    public void createParentDirs(String name) {
        files.createParentDirs(name);
    }

    @Override
    public boolean removeElement(String name) {
        return files.removeElement(name);
    }

    @Override
    public boolean renameElement(String from, String to) {
        return files.renameElement(from, to);
    }

    @Override
    public boolean renameElementOrCopy(String from, String to, EventLogInterface log) {
        return files.renameElementOrCopy(from, to, log);
    }
}
