package io.certworker.directory;

/** A project's user-security settings, as far as certificates are concerned. */
public interface ProjectSecurity {

    /** True while the project manages its own CA (self-managed X.509): managed certificates are then refused. */
    boolean customerX509Enabled(String groupId);

    /** No project has a CA of its own. */
    ProjectSecurity NONE = groupId -> false;
}
