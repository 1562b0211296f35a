package kz.qaqpa.channel;

/** The ШЭП contract's namespaces, as published (see wsdl/). */
public final class ShepNames {
    public static final String ASYNC = "http://bip.bee.kz/AsyncChannel/v10/Types";
    public static final String ASYNC_INTERFACES = "http://bip.bee.kz/AsyncChannel/v10/Interfaces";
    public static final String SYNC = "http://bip.bee.kz/SyncChannel/v10/Types";
    public static final String SYNC_INTERFACES = "http://bip.bee.kz/SyncChannel/v10/Interfaces";
    /** Where the published contract puts the channels' bindings and services (what a client looks its port up by). */
    public static final String ASYNC_BINDING = "http://bip.bee.kz/AsyncChannel/v10/Interfaces/Binding";
    public static final String SYNC_BINDING = "http://bip.bee.kz/SyncChannel/v10/Interfaces/Binding2";
    public static final String COMMON = "http://bip.bee.kz/common/v10/Types";

    private ShepNames() {
    }
}
