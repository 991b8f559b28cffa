// The restricted Pod Security Standard, checked offline on every pod template as Pod Security
// Admission checks pods at the version the dinosaurs namespace pins: the baseline controls and the
// restricted ones, with the fields and allowed values that
// https://kubernetes.io/docs/concepts/security/pod-security-standards/ lists for that version.
// Stricter than admission in two places, neither of which our pods need: no exemption for Windows
// pods (spec.os.name) and no relaxation for pods in their own user namespace (hostUsers: false).

/** The policy version the namespace's pod-security.kubernetes.io/*-version labels pin, and these rules implement. */
export const POD_SECURITY_VERSION = 'v1.33';

/** Baseline, Sysctls: the "safe" sysctls (the tcp_* ones from v1.29, ip_local_reserved_ports from v1.27). */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
/** Baseline, SELinux: the types a pod may ask for (container_engine_t from v1.31), or none. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
/** Restricted, Volume Types. */
const VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];
const PROFILE_TYPES = ['RuntimeDefault', 'Localhost'];

/** Where each kind that makes pods keeps its pod template ('' for a Pod itself). */
const TEMPLATE_PATHS = {
  Pod: '',
  PodTemplate: 'template',
  Deployment: 'spec.template',
  ReplicaSet: 'spec.template',
  ReplicationController: 'spec.template',
  StatefulSet: 'spec.template',
  DaemonSet: 'spec.template',
  Job: 'spec.template',
  CronJob: 'spec.jobTemplate.spec.template',
};

/**
 * Every field of `object`'s pod template that the restricted Pod Security Standard forbids, as
 * `{ path, message }` with the path from the object's root and the control named in the message.
 * An object that makes no pods has none.
 */
export function podSecurityProblems(object) {
  const templatePath = TEMPLATE_PATHS[object.kind];
  if (templatePath === undefined) return [];
  const template = templatePath.split('.').reduce((node, key) => (key ? node?.[key] : node), object);
  if (!template?.spec) return [];
  const problems = [];
  const violation = (control, path, message) =>
    problems.push({
      path: templatePath ? `${templatePath}.${path}` : path,
      message: `${message} (Pod Security "restricted" ${POD_SECURITY_VERSION}: ${control})`,
    });

  const { spec } = template;
  const pod = spec.securityContext ?? {};
  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
    (spec[list] ?? []).map((container, i) => ({
      name: container.name,
      path: `spec.${list}[${i}]`,
      ports: container.ports ?? [],
      security: container.securityContext ?? {},
    })),
  );
  // Each security context of the pod: its own, then each container's.
  const contexts = [
    { path: 'spec.securityContext', security: pod },
    ...containers.map(({ path, security }) => ({ path: `${path}.securityContext`, security })),
  ];

  // Baseline
  for (const { path, security } of contexts) {
    if (security.windowsOptions?.hostProcess)
      violation('HostProcess', `${path}.windowsOptions.hostProcess`, 'must be false or unset');
    const appArmor = security.appArmorProfile?.type;
    if (appArmor !== undefined && !PROFILE_TYPES.includes(appArmor))
      violation('AppArmor', `${path}.appArmorProfile.type`, `must be RuntimeDefault or Localhost (is ${appArmor})`);
    const seLinux = security.seLinuxOptions ?? {};
    if (!SELINUX_TYPES.includes(seLinux.type ?? ''))
      violation(
        'SELinux',
        `${path}.seLinuxOptions.type`,
        `must be one of ${SELINUX_TYPES.slice(1).join(', ')} or unset`,
      );
    for (const field of ['user', 'role'])
      if (seLinux[field]) violation('SELinux', `${path}.seLinuxOptions.${field}`, 'must be unset');
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[field]) violation('Host Namespaces', `spec.${field}`, 'must be false or unset');
  for (const { path, ports, security } of containers) {
    if (security.privileged)
      violation('Privileged Containers', `${path}.securityContext.privileged`, 'must be false or unset');
    ports.forEach((port, j) => {
      if (port.hostPort) violation('Host Ports', `${path}.ports[${j}].hostPort`, 'must be 0 or unset');
    });
    if (security.procMount !== undefined && security.procMount !== 'Default')
      violation('/proc Mount Type', `${path}.securityContext.procMount`, 'must be Default or unset');
  }
  for (const [key, value] of Object.entries(template.metadata?.annotations ?? {})) {
    const allowed = value === '' || value === 'runtime/default' || value.startsWith('localhost/');
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && !allowed)
      violation('AppArmor', `metadata.annotations.${key}`, 'must be runtime/default or localhost/<profile>');
  }
  (pod.sysctls ?? []).forEach(({ name }, i) => {
    if (!SAFE_SYSCTLS.includes(name))
      violation('Sysctls', `spec.securityContext.sysctls[${i}].name`, `${name} is not one of the safe sysctls`);
  });

  // Restricted (its Volume Types, Seccomp and Capabilities replace baseline's HostPath Volumes,
  // Seccomp and Capabilities, which they include)
  (spec.volumes ?? []).forEach((volume, i) => {
    for (const type of Object.keys(volume).filter((key) => key !== 'name' && !VOLUME_TYPES.includes(key)))
      violation(
        'Volume Types',
        `spec.volumes[${i}].${type}`,
        `a ${type} volume is not allowed, only ${VOLUME_TYPES.join(', ')}`,
      );
  });
  for (const { path, security } of contexts) {
    if (security.runAsNonRoot === false) violation('Running as Non-root', `${path}.runAsNonRoot`, 'must be true');
    if (security.runAsUser === 0) violation('Running as Non-root user', `${path}.runAsUser`, 'must not be 0');
    const seccomp = security.seccompProfile?.type;
    if (security.seccompProfile && !PROFILE_TYPES.includes(seccomp))
      violation('Seccomp', `${path}.seccompProfile.type`, `must be RuntimeDefault or Localhost (is ${seccomp})`);
  }
  const unset = (field) => containers.filter(({ security }) => security[field] === undefined).map(({ name }) => name);
  if (pod.runAsNonRoot === undefined && unset('runAsNonRoot').length > 0)
    violation(
      'Running as Non-root',
      'spec.securityContext.runAsNonRoot',
      `must be true, or be set true on every container (unset on ${unset('runAsNonRoot').join(', ')})`,
    );
  if (pod.seccompProfile === undefined && unset('seccompProfile').length > 0)
    violation(
      'Seccomp',
      'spec.securityContext.seccompProfile.type',
      `must be RuntimeDefault or Localhost, or be set so on every container (unset on ${unset('seccompProfile').join(', ')})`,
    );
  for (const { path, security } of containers) {
    if (security.allowPrivilegeEscalation !== false)
      violation('Privilege Escalation', `${path}.securityContext.allowPrivilegeEscalation`, 'must be false');
    const { add = [], drop = [] } = security.capabilities ?? {};
    if (!drop.includes('ALL'))
      violation('Capabilities', `${path}.securityContext.capabilities.drop`, 'must include ALL');
    add.forEach((capability, j) => {
      if (capability !== 'NET_BIND_SERVICE')
        violation(
          'Capabilities',
          `${path}.securityContext.capabilities.add[${j}]`,
          `${capability} may not be added: only NET_BIND_SERVICE`,
        );
    });
  }
  return problems;
}
