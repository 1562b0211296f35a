package kz.qaqpa.store;

import java.nio.file.Path;

/**
 * Ours (doubt54): a start refused because the store's last run left a checkpoint's doubt standing (its {@link DoubtMark}
 * is there): the store on disk may lack committed rows, which only that run's memory held.
 */
public final class DoubtedStore extends IllegalStateException {
    DoubtedStore(Path mark, String left) {
        super("the store was stopped or killed while a checkpoint's files were in doubt ("
                + (left.isEmpty() ? "the mark is empty or unreadable" : left) + "; marked by " + mark + "): its data"
                + " file may lack or damage rows that only that run's memory held, and no checkpoint of the files as"
                + " they are brings them back. Move the store's db directory aside, restore the newest backup of"
                + " this store taken before that time as db (docs/operations.md, Checkpoints and restarting after a"
                + " crash) and start again. Only to run on this store as it is, accepting that rows may be missing or"
                + " damaged, delete " + mark + " and start again");
    }
}
