package com.handoffwarehouse.jobs.ingest;

import java.io.File;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder's entries through Hadoop, for the readers of snapshot and History Mode folders. Hadoop's local file
 * system leaves out of a listing, without a word, every entry it cannot look at (a link that does not resolve, an
 * entry this user may not stat), which would drop a date's snapshot or an object's file silently; the operating
 * system's own listing still names them, so such an entry stops the run instead.
 */
public final class FolderListing {
    private FolderListing() {
    }

    /**
     * @param matters whether an entry of this name would be read (a date folder, an object's file); others may be
     *     left out of the listing unremarked
     * @throws IngestException naming an entry that matters and cannot be looked at
     */
    public static FileStatus[] list(FileSystem fs, Path folder, Predicate<String> matters) throws IOException {
        FileStatus[] listed = fs.listStatus(folder);
        if (!"file".equals(fs.getUri().getScheme())) {
            return listed;
        }
        String[] names = new File(folder.toUri().getPath()).list();
        Set<String> seen = new HashSet<>();
        for (FileStatus s : listed) {
            seen.add(s.getPath().getName());
        }
        for (String name : names == null ? new String[0] : names) {
            if (!seen.contains(name) && !name.startsWith(".") && !name.startsWith("_") && matters.test(name)) {
                throw new IngestException(new Path(folder, name).toUri().getPath() + " cannot be read: the file "
                        + "system cannot look at it (a link that does not resolve, or no permission). Check that this "
                        + "user may read it and re-run; nothing was ingested.");
            }
        }
        return listed;
    }
}
