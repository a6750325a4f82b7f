/**
 * The asset cache: what was downloaded once is kept on disk (or in memory), resumed after a crash, served
 * offline, and evicted least-recently-used within configured limits. The {@link kithara.stream.cache.AssetStore}
 * service is what protocol bundles lease storage from.
 */
@Export
@Version("3.0.0")
package kithara.stream.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
