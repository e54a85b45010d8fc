package dev.bankfeed.runtime;

import dev.bankfeed.provider.http.ReseedableRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A CRaC resource (the hook Lambda SnapStart calls) that gives the provider clients' retry jitter a fresh seed
 * after a restore, so that environments restored from one snapshot do not retry in lockstep.
 */
public final class JitterReseed implements Resource {

    /** CRaC holds resources weakly: these are kept for as long as the container lives. */
    private static final List<JitterReseed> REGISTERED = new CopyOnWriteArrayList<>();

    private final ReseedableRandom random;

    public JitterReseed(ReseedableRandom random) {
        this.random = random;
    }

    /** A resource for {@code random}, registered with the global CRaC context and kept alive. */
    public static JitterReseed register(ReseedableRandom random) {
        JitterReseed resource = new JitterReseed(random);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
        return resource;
    }

    /** Reseeds every registered generator now; returns how many there are. */
    static int reseedAll() {
        REGISTERED.forEach(r -> r.random.reseed());
        return REGISTERED.size();
    }

    /** True when a registered resource reseeds {@code random}. */
    static boolean isRegistered(ReseedableRandom random) {
        return REGISTERED.stream().anyMatch(r -> r.random == random);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing to release: the generator is only reseeded on the way back.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        random.reseed();
    }
}
