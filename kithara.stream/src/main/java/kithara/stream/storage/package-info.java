/**
 * Byte storage shared by producers and readers: {@link kithara.stream.storage.StorageResource} over a file or
 * memory {@link kithara.stream.storage.StorageDriver}, its {@link kithara.stream.storage.RangeSet}, and the
 * {@link kithara.api.source.Source} and {@link kithara.api.source.Timeline} built on it. Used by the protocol
 * bundles.
 */
@Export
@Version("1.1.0")
package kithara.stream.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
