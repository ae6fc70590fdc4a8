package io.apiguard.common.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.apiguard.common.inspect.Signature;

/**
 * Payload signatures a rule can name in {@code match.payloadSignature}: regular expressions over every part of a
 * request (path, query, headers, cookies, body values; see {@code io.apiguard.common.inspect.RequestParts}), decoded
 * first, compiled once per rule set by the sidecar and once by detection. The built-in ones cover the usual injection families; a rule set
 * may add its own ({@link RuleSet#signatures()}), which take precedence over a built-in of the same id.
 */
public final class PayloadSignatures {

    /** Commands that are also English words ("id", "cat", "type"): only matched where a command line would be. */
    private static final String AMBIGUOUS_COMMANDS =
            "id|ls|ps|cat|nc|rm|env|awk|sed|echo|ping|kill|dir|type|cmd|net|reg|del|find|head|tail|uname|sh|more|less";

    private static final String SQL_INJECTION_EXPRESSION = any(
            "\\bunion\\b[\\s(]{0,8}(?:all\\b|distinct\\b)?[\\s(]{0,8}select\\b",
            "['\"`]\\s{0,8}(?:or|and|xor|div|\\|\\||&&)\\s{0,8}[('\"`\\s]{0,4}[\\w'\"`.@-]{1,30}"
                    + "[)'\"`\\s]{0,4}(?:=|<>|!=|<=?|>=?|\\blike\\b|\\bregexp\\b|\\brlike\\b)",
            "\\b(?:or|and|xor)\\s{1,8}['\"(]{0,2}(\\d{1,10})['\"]{0,2}\\s{0,4}(?:=|<=>|>=|<=)\\s{0,4}['\"(]{0,2}\\1\\b",
            "['\"`]\\s{0,8}(?:or|and|\\|\\|)\\s{0,8}(?:not\\s{1,4})?\\w{1,30}\\s{0,4}\\(",
            "['\"`)]\\s{0,8};\\s{0,8}(?:drop|delete|insert|update|select|shutdown|exec|declare|create|alter|truncate)\\b",
            ";\\s{0,8}(?:drop|truncate|alter)\\s{1,8}(?:table|database|schema|view|user|procedure)\\b",
            ";\\s{0,8}(?:insert\\s{1,8}(?:into\\b|/)|delete\\s{1,8}from\\b|update\\s{1,8}\\w{1,30}\\s{1,8}set\\b"
                    + "|exec(?:ute)?\\s{1,8}(?:xp_|sp_|master\\.)|shutdown\\b|declare\\s{1,8}@)",
            "['\"`]\\s{0,8}(?:--|#|/\\*)",
            "\\b(?:sleep|pg_sleep)\\s{0,4}\\(\\s{0,4}\\d",
            "\\b(?:benchmark|load_file|extractvalue|updatexml|group_concat|concat_ws|make_set|utl_inaddr"
                    + "|utl_http|dbms_pipe|dbms_lock|xp_cmdshell|sp_executesql|sp_oacreate"
                    + "|sqlite_compileoption_get|current_user|session_user|system_user|pg_read_file)\\s{0,4}\\(",
            "\\bwaitfor\\s{1,8}(?:delay|time)\\b",
            "\\b(?:information_schema|mysql\\.user|pg_catalog|pg_shadow|sqlite_master|sysobjects|syscolumns"
                    + "|msysaccessobjects|all_tables|user_tables|msdb|master\\.\\.sysdatabases)\\b",
            "@@(?:version|datadir|hostname|basedir)\\b",
            "\\bselect\\b.{0,60}?\\bfrom\\b.{0,60}?(?:\\bwhere\\b.{0,40}?(?:=|\\blike\\b)|\\bdual\\b|--|#|/\\*)",
            "\\binto\\s{1,8}(?:out|dump)file\\b",
            "\\$(?:where|ne|gt|lt|regex|text|expr|function)\\b\\s{0,4}['\"]?\\s{0,4}:",
            "\\b(?:coalesce|compress|uncompress|xmltype|ifnull|strcmp|substr|substring|unhex|find_in_set|schema_name|rtrim|ltrim|group_concat|concat|char_length|octet_length|json_extract|sys_context|nullif|isnull)\\s{0,4}\\(",
            "\\b(?:trim|mid|sin|cos|pow|ord|rand|md5|sha1|char|chr|database|schema|version|ascii|hex|len|elt|cast|encode|decode)\\(",
            "^\\s{0,4}\\$(?:not|nor|where|elemmatch|exists|ne|eq|gt|gte|lt|lte|in|nin|regex|text|expr|function|or|and|all|size|type|mod|jsonschema)\\s{0,4}$",
            "\\[\\s{0,4}\\$(?:ne|eq|gt|gte|lt|lte|in|nin|regex|exists|where|not|nor|or|and)\\s{0,4}\\]",
            "\\bselect\\s{1,8}(?:pg_)?sleep\\b|\\bselect\\s{0,4}\\(\\s{0,4}(?:select|user|char|concat|count|sleep)\\b|\\bselect\\s{1,8}char\\s{0,4}\\(",
            "\\bexec(?:ute)?\\s{1,8}(?:xp_|sp_|master\\.|immediate\\b)|\\bexec\\s{0,4}\\(\\s{0,4}@|\\bdeclare\\s{0,4}@\\w",
            "\\)\\s{0,4}like\\s{0,4}\\(|\\bgroup\\s{1,4}by\\b.{0,100}?\\bhaving\\b|\\bprocedure\\s{1,4}analyse\\b",
            "\\balter\\s{1,4}table\\b.{0,100}?\\b(?:add|change|drop|modify|rename)\\b",
            "\\bcreate\\s{1,4}(?:or\\s{1,4}replace\\s{1,4})?(?:function|procedure|trigger)\\b.{0,200}?\\b(?:returns|begin|as)\\b",
            "\\bif\\s{0,4}\\(\\s{0,4}\\d{1,10}\\s{0,4}[=<>]|\\b(?:northwind|pg_database|pg_user|sys\\.objects|sys\\.tables)\\b",
            "['\\\"`]\\s{0,8}(?:or|and|xor|\\|\\||&&)\\s{0,8}(?:not\\s{1,8})?(?:true|false|null|exists|select)\\b",
            "['\\\"`]\\s{0,4}::\\s{0,4}[a-z]{2,20}\\b|^\\s{0,4}(?:or|and)\\s{1,8}['\\\"(]",
            "\\b(?:pg_catalog|schema_name|pg_sleep\\s{0,4}\\()",
            "\\b\\d{1,10}\\.e\\s{0,4}[(.]",
            "['\\\"`]\\s{0,4};\\s{0,4}$",
            "\\d\\s{1,8}(?:or|and)\\s{1,8}(?:true|false|not)\\b",
            "['\\\"`]\\s{0,4}as\\s{1,8}['\\\"`]?\\w{0,30}['\\\"`]?\\s{0,4}from\\b|['\\\"`]\\s{0,4}(?:regexp|rlike|sounds\\s{1,4}like)\\b");

    private static final String PATH_TRAVERSAL_EXPRESSION = any(
            "\\.{2,3}[\\\\/]",
            "[\\\\/]\\.{2,3}(?:$|[\\\\/;?#])",
            "/etc/(?:passwd|shadow|master\\.passwd|hosts|group|issue|motd|crontab|sudoers|ssh/|httpd/|apache2?/)",
            "/proc/(?:self|\\d{1,6})/|/proc/(?:interrupts|version|cpuinfo|meminfo|mounts)\\b|/sys/class\\b",
            "\\b(?:win|boot|system)\\.ini\\b|\\bwindows[\\\\/]system32\\b",
            "(?:^|[\\\\/])\\.(?:htaccess|htpasswd|bash_history|bashrc|git/|svn/|ssh/|aws/|env$|claude/|cursor/"
                    + "|continue/|vscode/|idea/)",
            "/usr/local/(?:apps|etc|apache)|/var/(?:log|www|lib)/|\\bweb-inf/|\\bconf/httpd\\.conf\\b",
            "(?:\\b0x2e|%2e){1,3}\\.?(?:0x2f|0x5c|/)",
            "(?:^|/)\\.(?:claude|cursor|continue|aider|zed|kiro|rovodev|opencode|plandex|n8n|aiignore|windsurf|codeium|copilot|gemini|github/|docker|kube|npmrc|gitconfig|mysql_history|gnupg|azure|config/|local/)",
            "(?:^|[\\s=:'\\\"(;|&>])/etc/[\\w.-]{2,30}|\\.\\.;|\\.\\\\\\.|0x5c0x2e|0x2e0x2e|0x2e\\.|\\.%00|\\\\\\.\\.",
            "\\b(?:error|access|debug)\\.log\\b|\\.sql\\.(?:zip|gz|bz2|tar)\\b|\\bbackup\\.(?:sql|zip|tar|gz)\\b|/@id/|__x00__|/tmp/\\w");

    private static final String XSS_EXPRESSION = any(
            "<\\s{0,4}/?\\s{0,4}(?:script|iframe|frame|frameset|svg|img|image|body|object|embed|applet|math|meta"
                    + "|link|style|base|form|input|isindex|marquee|video|audio|source|details|template|xss|import"
                    + "|animate|set|vmlframe|xml|html|textarea|button|select|keygen|bgsound|layer|ilayer)\\b",
            "<[a-z][\\w:-]{0,30}[\\s/][^>]{0,200}?\\bon[a-z]{3,25}\\s{0,4}=",
            "\\bon(?:error|load|click|dblclick|mouse[a-z]{2,10}|focus[a-z]{0,6}|blur|toggle|begin|end|key[a-z]{2,6}"
                    + "|submit|change|input|pointer[a-z]{2,10}|animation[a-z]{2,10}|transition[a-z]{2,10}|drag[a-z]{0,6}"
                    + "|scroll|wheel|copy|paste|cut|resize|unload|beforeunload|message|hashchange|popstate"
                    + "|readystatechange|pageshow|auxclick|contextmenu)\\s{0,4}=",
            "\\b(?:java|vb|live|ecma)script\\s{0,4}:|\\bdata\\s{0,4}:\\s{0,4}(?:text/html|image/svg|application/x)",
            "\\bdocument\\s{0,4}(?:\\.\\s{0,4}|\\[\\s{0,4}['\"`])(?:cookie|location|domain|write|url|body)"
                    + "|\\(\\s{0,4}document\\s{0,4}\\)\\s{0,4}\\[",
            "\\bwindow\\s{0,4}(?:\\.\\s{0,4}|\\[\\s{0,4}['\"`])(?:location|open|name|eval)\\b",
            "\\b(?:alert|prompt|confirm)\\s{0,2}(?:\\(\\s{0,4}(?:['\"`\\d)]|document|window|self|this|top)|`)",
            "\\bstring\\s{0,4}\\.\\s{0,4}fromcharcode\\b|\\bexpression\\s{0,4}\\(",
            "<!\\s{0,4}(?:entity|\\[cdata\\[)|!entity\\b|<\\?\\s{0,4}import\\b|<\\s{0,4}f\\s{1,4}o\\s{1,4}r\\s{1,4}m",
            "\\b(?:src|href|action|formaction|xlink:href)\\s{0,4}=\\s{0,4}['\"]?\\s{0,4}(?:javascript|vbscript|data)\\s{0,4}:",
            "(?:^|['\\\"`/])\\s{0,4}on[a-z]{3,40}\\s{0,4}=",
            "-moz-binding|\\bbehavior\\s{0,4}:\\s{0,4}url|\\burl\\s{0,4}\\(\\s{0,4}['\\\"]?\\s{0,4}javascript",
            "<\\s{0,4}[a-z]{1,10}\\s{0,4}:\\s{0,4}(?:script|vmlframe|svg|iframe|animate|set|handler)\\b",
            "\\(!\\[\\]|!\\+\\[\\]|!!\\[\\]|\\[\\]\\[\\(|\\+!\\+",
            "\\+adw-|\\+ad4-",
            "j[\\t\\n\\r]{0,3}a[\\t\\n\\r]{0,3}v[\\t\\n\\r]{0,3}a[\\t\\n\\r]{0,3}s[\\t\\n\\r]{0,3}c[\\t\\n\\r]{0,3}r[\\t\\n\\r]{0,3}i[\\t\\n\\r]{0,3}p[\\t\\n\\r]{0,3}t[\\t\\n\\r]{0,3}:",
            "v[\\t\\n\\r]{0,3}b[\\t\\n\\r]{0,3}s[\\t\\n\\r]{0,3}c[\\t\\n\\r]{0,3}r[\\t\\n\\r]{0,3}i[\\t\\n\\r]{0,3}p[\\t\\n\\r]{0,3}t[\\t\\n\\r]{0,3}:",
            "[¼<]\\s{0,2}/?\\s{0,2}script[¾>]",
            "\\bdocument\\s{0,4}(?:/\\*.{0,30}?\\*/\\s{0,4}){0,3}\\.\\s{0,4}(?:/\\*.{0,30}?\\*/\\s{0,4}){0,3}cookie",
            "\\bdocument\\s{0,8}(?:/\\*.{0,40}?\\*/\\s{0,8}){0,3}\\.\\s{0,8}(?:/\\*.{0,40}?\\*/\\s{0,8}){0,3}(?:cookie|location|domain|write)",
            "\\b(?:window|self|globalthis|document|frames)\\s{0,4}(?:/\\*.{0,40}?\\*/\\s{0,4}){0,3}\\[\\s{0,4}(?:/\\*.{0,40}?\\*/\\s{0,4}){0,3}['\\\"`]",
            "\\(\\s{0,4}document\\s{0,4}(?:/\\*.{0,40}?\\*/\\s{0,4}){0,3}\\)\\s{0,4}\\[",
            "\\b(?:setinterval|settimeout|atob|btoa|execscript)\\s{0,4}\\(|\\bdocument\\s{0,4}\\.\\s{0,4}(?:queryselector\\w{0,3}|getelementby\\w{2,10}|createelement)\\b",
            "\\.\\s{0,4}(?:/\\*.{0,40}?\\*/\\s{0,4})?(?:call|apply|bind)\\s{0,4}`|\\$\\{\\s{0,4}(?:alert|eval|prompt|confirm)\\s{0,4}\\}",
            "<\\s{0,4}\\w{0,10}\\s{0,4}:\\s{0,4}(?:vmlframe|script)|<\\s{0,4}import\\s{0,4}implementation",
            "<\\s{0,4}(?:d\\s{1,4}i\\s{1,4}a\\s{1,4}l\\s{1,4}o\\s{1,4}g|s\\s{1,4}c\\s{1,4}r\\s{1,4}i\\s{1,4}p\\s{1,4}t|i\\s{1,4}m\\s{1,4}g)\\b",
            "['\\\"\\s]formaction\\s{0,4}=|\\bdata\\s{0,4}:\\s{0,4}[^,]{0,60},\\s{0,4}<");

    private static final String COMMAND_INJECTION_EXPRESSION = any(
            "(?:[;|`&\\n]|\\$\\()\\s{0,8}(?:sudo\\s{1,4})?(?:whoami|uname|curl|wget|ncat|netcat|bash|zsh|ksh"
                    + "|dash|tcsh|busybox|python[\\d.]{0,5}|perl|ruby|php|node|lua|gawk|mkfifo|telnet|nslookup"
                    + "|base64|xxd|socat|tftp|powershell|pwsh|certutil|bitsadmin|ipconfig|ifconfig|systeminfo"
                    + "|tasklist|wmic|chmod|chown|passwd|crontab|nohup|htop)\\b",
            "(?:[;|`&\\n]|\\$\\()(?:" + AMBIGUOUS_COMMANDS + ")(?:\\s{0,4}$|\\s{0,4}[;|&`)'\"]|\\s{1,4}[-/.~$%])",
            "(?:[;|`&\\n]|\\$\\()\\s{1,8}(?:" + AMBIGUOUS_COMMANDS + ")(?:\\s{0,4}[;|&`)'\"]|\\s{1,4}[-/.~$%]"
                    + "|\\s{1,4}\\w{1,30}\\s{0,4}[;|&`])",
            "\\$\\{?ifs\\b|\\$\\{\\s{0,4}(?:path|home|shell|user)\\s{0,4}:|\\(\\)\\s{0,4}\\{\\s{0,20}[:;]",
            "(?:/usr)?/bin/(?:ba|z|k|da|c|tc)?sh\\b|/bin/(?:cat|ls|nc|busybox|echo|id)\\b|/dev/(?:tcp|udp)/",
            "\\bcmd(?:\\.exe)?\\s{0,4}/[ck]\\b|\\bpowershell(?:\\.exe)?\\s{1,4}-|%(?:comspec|systemroot|windir|errorlevel)%",
            "\\bif\\s{1,8}(?:not\\s{1,8})?(?:exist\\b|defined\\b|errorlevel\\b|\\(\\s{0,4}\\d|%\\w{1,30}%)",
            "\\b(?:cat|ls|head|tail|more|less|nl|tac|curl|wget|nc|bash|sh|python[\\d.]{0,5}|perl)\\s{1,8}"
                    + "(?:/[\\w.?*\\[\\]!-]{0,40}){1,6}/(?:e[\\w?*\\[\\]!]{0,4}tc|passwd|shadow)\\b",
            "/[\\w?*\\[\\]!]{0,8}[?*\\[][\\w?*\\[\\]!]{0,8}/[\\w?*\\[\\]!]{0,12}[?*\\[]|/e[\\w]{0,2}[?*\\[][^/]{0,6}/",
            "\\b(?:busybox|nohup|xterm|msfconsole)\\b\\s{0,4}-|\\bexec\\s{1,4}\\d{0,2}\\s{0,4}<>",
            "(?:[;|`&\\n]|\\$\\(|<\\(|<<<)\\s{0,8}(?:gcc|c89|c99|cc|cpulimit|strace|ltrace|ansible(?:-[a-z]{2,12})?|chef-[a-z]{2,12}|visudo|lastlogin|aptitude|apt-get|apt|yum|dnf|rpm|dpkg|regedit|bcdboot|iwr|invoke-webrequest|invoke-expression|iex|fold|column|cscli|cd|sudo|su|wget|tar|zip|unzip|gzip|nmap|crontab|systemctl|service|mount|dd|openssl|ssh-keygen|useradd|usermod|groupadd|shutdown|reboot|halt|init|xargs|tee|od|strings|hexdump|nproc|lsof|netstat|ss|ip|arp|route|traceroute|whois|finger|who|w|last|uptime|hostname|df|du|free|top|vi|vim|nano|ed|emacs|tmux|screen|expect|timeout|watch|time|at|batch|nice|ionice|chroot|docker|kubectl)\\b(?!\\.)",
            "\\bfor\\s{1,20}(?:/[a-z]\\s{1,8}){0,4}(?:\\\"[^\\\"]{0,60}\\\"\\s{1,8})?%%?[\\w~/]{1,4}\\s{1,8}in\\s{1,8}\\(",
            "\\bif\\s{1,8}(?:/i\\s{1,8})?(?:not\\s{1,8})?(?:exist\\b|defined\\b|errorlevel\\b|[\\\"\\[(]\\s{0,4}%|%)",
            "\\bif\\s{0,8}(?:/i\\s{0,4})?(?:not\\s{1,8})?[^=\\s]{1,40}\\s{0,4}==",
            "\\$\\{?(?:shell|ifs)\\b|\\balias\\s{1,8}(?:-\\w{1,4}\\s{1,4})?['\\\"]?\\w{1,20}['\\\"]?\\s{0,2}=",
            "/\\[[^\\]/]{1,10}\\]|\\[!?\\w{1,4}\\]asswd|/(?:usr|bin|etc|dev|tmp)/\\[|\\{,\\w{1,20}\\}|\\b\\w\\{\\w{1,6},\\w{1,6}\\}\\w",
            "^~[+-]\\d{0,3}$|^\\s{0,4}\\(\\)\\s{0,4}\\{|<\\(\\s{0,4}\\w|<<<",
            "\\b(?:python[\\d.]{0,5}|perl|ruby|node|php|bash|sh|zsh)\\s{1,4}-[cemrw]\\b|\\bnohup\\s{1,4}\\w",
            "^\\s{0,4}(?:strace|ltrace|nohup|cpulimit|visudo|ansible-[a-z]{2,12}|chef-[a-z]{2,12}|cscli|aa-disable|aa-exec|busybox|msfvenom|nc|ncat|socat)\\b\\s{0,4}(?:\\w|-|$)",
            "\\b(?:cat|tac|nl|head|tail|less|more|fold|column|strings|od|xxd)\\s{1,4}(?:/[\\w.-]{0,30}){0,4}/?(?:etc/)?(?:passwd|shadow|subuid|subgid|hosts|group)\\b",
            "\\bcd\\s{1,4}/?[\\w.]{0,20}\\s{0,4};\\s{0,4}\\w",
            "\\bregedit\\s{1,4}/|\\bhkey_(?:local_machine|current_user|classes_root|users)\\b|\\bbcdboot\\b");

    private static final String SSRF_METADATA_EXPRESSION = any(
            "169\\.254\\.169\\.254|169\\.254\\.170\\.2\\b|\\[?fd00:ec2::254|100\\.100\\.100\\.200",
            "metadata\\.(?:google\\.internal|azure\\.com|packet\\.net|tencentyun\\.com)|\\binstance-data\\b",
            "192\\.0\\.0\\.192|\\b2852039166\\b|\\b7147006462\\b|0xa9\\.?0xfe\\.?0xa9\\.?0xfe|0xa9fea9fe"
                    + "|0251\\.0376\\.0251\\.0376|\\bcomputemetadata/v1\\b|/latest/(?:meta|user)-data\\b");

    private static final String SSRF_EXPRESSION = any(
            "\\b(?:https?|gopher|dict|ftp|ldap|tftp|sftp|jar|netdoc)\\s{0,2}:\\s{0,2}/{0,2}\\s{0,2}(?:[^/@\\s]{0,60}@)?"
                    + "(?:localhost\\b|127(?:\\.\\d{1,3}){3}|0\\.0\\.0\\.0|0x7f|0177\\.|2130706433\\b|10(?:\\.\\d{1,3}){3}"
                    + "|192\\.168(?:\\.\\d{1,3}){2}|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2}|\\[?::1?\\]"
                    + "|\\[?::ffff:|\\[fd[0-9a-f]{2}:|kubernetes\\.default|localtest\\.me|host\\.docker\\.internal)",
            "\\b(?:gopher|dict|netdoc|jar|tftp|ldap)://|\\bfile:/",
            "\\blocaltest\\.me\\b|\\bhost\\.docker\\.internal\\b|\\bkubernetes\\.default\\.svc\\b"
                    + "|\\.(?:nip|xip|sslip)\\.io\\b|\\blvh\\.me\\b|\\.burpcollaborator\\.net\\b|\\boastify\\.com\\b",
            "^\\s{0,4}(?:localhost(?:\\.localdomain)?|localhost[46](?:\\.localdomain[46])?|ip6-(?:localhost|loopback)|kubernetes\\.docker\\.internal|host\\.docker\\.internal|gateway\\.docker\\.internal|localtest\\.me)(?:[:/]|$)",
            "\\b(?:https?|ftp|gopher)\\s{0,2}:\\s{0,2}(?:\\[|\\d)",
            "\\b(?:acap|imap|irc|pop3|ssh|rtmp|smtp|telnet|mysql|redis|mongodb|postgres(?:ql)?|ldap|ftp|https?)://(?:[^/@\\s]{0,60}@)?(?:localhost\\b|127\\.|0177\\.|0x[0-9a-f]{6,16}\\b|0[0-7]{9,11}\\b|\\d{8,10}(?:[:/]|$)|\\d{1,3}\\.\\d{4,8}\\b|\\[?fe80:|\\[?::ffff:)",
            "@\\s{0,4}(?:127\\.|10\\.\\d|192\\.168\\.|169\\.254\\.|0\\.0\\.0\\.0|localhost\\b)");

    private static final String REMOTE_FILE_INCLUSION_EXPRESSION = any(
            "\\b(?:https?|ftps?)://(?:\\d{1,3}\\.){3}\\d{1,3}\\b|\\b(?:https?|ftps?)://\\[?[0-9a-f]{1,4}:[0-9a-f:]{2,40}",
            "^\\s{0,4}(?:https?|ftps?|file)\\s{0,4}(?::[^?]{0,200})?\\?+\\s{0,4}$",
            "\\b(?:php|phar|zip|expect|glob|compress\\.zlib|compress\\.bzip2|ogg|rar|ssh2\\.\\w{2,8})://",
            "\\bdata:(?://)?(?:text/plain|application/x-httpd-php)",
            "\\bjar:(?:https?|file|ftp):|\\blocal_file://");

    private static final String PHP_INJECTION_EXPRESSION = any(
            "<\\?(?:php\\b|=|\\s)|\\?>\\s{0,4}$",
            "\\$_(?:get|post|cookie|request|server|files|env|session|globals)\\b|\\$globals\\b",
            "\\b(?:shell_exec|passthru|popen|proc_open|pcntl_exec|preg_replace|create_function|call_user_func"
                    + "|call_user_func_array|base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|unserialize"
                    + "|file_get_contents|file_put_contents|phpinfo|highlight_file|show_source|readfile|fsockopen"
                    + "|move_uploaded_file|array_map|array_filter|ob_start|mb_ereg_replace|escapeshellcmd|assert_options"
                    + "|posix_\\w{2,20}|php_uname|ini_set|ini_get|getenv|putenv|dl|var_dump|print_r|var_export)\\s{0,4}\\(",
            "\\b(?:eval|assert|system|exec|include|include_once|require|require_once|fopen|fwrite|unpack|usort"
                    + "|uasort|uksort|file|chr|ord)\\((?:\\s{0,4}\\)|\\s{0,4}['\"$_\\[(]|[^)]{0,60}\\))",
            "\\b(?:allow_url_include|allow_url_fopen|auto_prepend_file|auto_append_file|disable_functions|open_basedir"
                    + "|safe_mode|mbstring\\.regex_stack_limit|pcre\\.backtrack_limit|pcre\\.jit|display_errors"
                    + "|session\\.save_path)\\s{0,4}=",
            "\\b[oc]:\\d{1,6}:\\s{0,2}[\"{]|\\ba:\\d{1,6}:\\s{0,2}\\{",
            "\\$[a-z_][\\w]{0,30}\\s{0,4}\\(|\\$_{2,}|\\$\\{\\s{0,4}['\"_]|\\$[a-z_]\\w{0,30}\\s{0,4}(?:\\[|\\{)[^\\]}]{0,30}[\\]}]\\s{0,4}\\(",
            "\\(\\s{0,4}\\[\\s{0,4}['\"]\\w{1,20}['\"]\\s{0,4}\\]\\s{0,4}\\)\\s{0,4}\\[",
            "\\b(?:file|filename|x-file-name|name)?[\\w.-]{0,100}\\.(?:php\\d?|phtml|phar|pht|phps)\\.?\\s{0,4}$",
            "[\\[{]/?php[\\]}]",
            "\\.\\s{0,2}(?:php\\d?|phtml|phar|pht|phps)[.\\s]{0,20}$",
            "\\b(?:opcache\\.\\w{2,40}|memory_limit|max_execution_time|upload_max_filesize|post_max_size|smtp|sendmail_path|error_log|include_path|extension_dir|zend\\.\\w{2,30}|phar\\.\\w{2,20}|xdebug\\.\\w{2,30}|register_globals|magic_quotes_gpc)\\s{0,4}=",
            "\\$\\s{1,40}\\{|\\$\\{\\s{0,40}\\$",
            "(?:gzdecode|zlib_decode|gzinflate|str_rot13|base64_decode|shell_exec|get_defined_vars|strrev|is_array|str_replace|fputcsv|array_\\w{2,20}|get_\\w{2,30}|func_get_args|set_error_handler|register_shutdown_function|stream_get_contents|convert_uu(?:en|de)code|hex2bin|bin2hex)\\s{0,4}\\(",
            "\\b[a-z]{2,20}_[a-z_]{2,30}\\s{0,4}\\(\\s{0,4}\\)",
            "\\b(?:exec|system|passthru|shell_exec|popen|proc_open|eval|assert|file|filegroup|printf|intval|include|require)[\\t\\r\\n]{1,4}\\s{0,4}\\(|\\b(?:exec|system|passthru|shell_exec|popen|proc_open|eval|assert|file|filegroup|printf|intval|include|require)\\s{0,4}(?:/\\*.{0,40}?\\*/|//[^\\n]{0,40}\\n|#[^\\n]{0,40}\\n)\\s{0,4}\\(",
            "\\(\\s{0,4}['\\\"]?\\s{0,4}(?:system|exec|passthru|shell_exec|assert|eval|popen|proc_open)\\s{0,4}['\\\"]?\\s{0,4}\\)\\s{0,4}\\(|['\\\"](?:system|exec|passthru|shell_exec|assert|\\\\x73y\\\\x73tem)['\\\"]\\s{0,4}\\(",
            "\\[\\s{0,4}system\\s{0,4}\\]|\\(\\s{0,4}string\\s{0,4}\\)\\s{0,4}['\\\"{]|\\bdefine\\s{0,4}\\(\\s{0,4}['\\\"]|\\(\\s{0,4}sy['\\\".(\\s]",
            "<\\?xml\\s{0,10}[:(]|<\\?\\s{0,4}$",
            "\\.\\s{0,2}(?:phpt|php\\d|phtml)\\b",
            "(?:^|[\\\\/])sess_[\\w,-]{10,}",
            "\\bmbstring\\.\\w{2,40}\\s{0,4}=|\\bunserialize_\\w{2,30}\\s{0,4}=",
            "\\$[a-z_]\\w{0,30}\\s{0,4}(?:/\\*.{0,40}?\\*/|//[^\\n]{0,40}\\n|#[^\\n]{0,40}\\n)\\s{0,4}\\(");

    private static final String NODEJS_INJECTION_EXPRESSION = any(
            "__proto__|\\bconstructor\\s{0,4}(?:\\.|\\[\\s{0,4}['\"`])\\s{0,4}(?:prototype|constructor)\\b",
            "\\brequire\\s{0,4}\\(\\s{0,4}['\"`](?:child_process|fs|net|http|vm|os)\\b|\\bchild_process\\b",
            "\\bprocess\\s{0,4}\\.\\s{0,4}(?:mainmodule|binding|env|exit|kill|dlopen)\\b",
            "\\b(?:eval|function|settimeout|setinterval|setimmediate)\\s{0,4}\\(\\s{0,4}['\"`]|\\bnew\\s{1,8}function\\s{0,4}\\(",
            "\\bwhile\\s{0,4}\\(\\s{0,4}[!+~-]{0,3}\\s{0,4}(?:true|1|0|infinity|``|\\[\\]|\\{\\}|new\\s{1,4}\\w{1,20}"
                    + "|[\\w.]{0,20}\\(\\))\\s{0,4}\\)",
            "\\bconsole\\s{0,4}\\.\\s{0,4}(?:log|info|warn|error|dir|debug|trace)\\s{0,4}(?:\\(|\\.\\s{0,4}(?:call|apply|bind)\\b)",
            "\\bthis\\s{0,4}\\.\\s{0,4}constructor\\b|\\bglobal(?:this)?\\s{0,4}\\.\\s{0,4}process\\b"
                    + "|\\bmodule\\s{0,4}\\.\\s{0,4}(?:exports|constructor|children)\\b",
            "\\bprocess\\s{0,4}\\[|__js_function|_\\$\\$nd_func\\$\\$_",
            "\\bwhile\\s{0,4}\\(\\s{0,4}[!+~(-]{0,4}\\s{0,4}(?:true|false|1|0|infinity|undefined|null|string|number|object|array|date|''|\\\"\\\"|``|\\[\\]|\\{\\}|new\\s{1,4}\\w{1,20}|[\\w.]{0,20}\\(\\))\\s{0,4}\\){1,4}",
            "\\bconstructor\\s{0,4}\\[\\s{0,4}['\\\"`]?\\s{0,4}(?:prototype|constructor)\\b|:(?:__proto__|prototype|constructor)\\b");

    private static final String TEMPLATE_INJECTION_EXPRESSION = any(
            "\\{\\{[^}]{0,100}?(?:\\d\\s{0,4}[*+/-]\\s{0,4}\\d|\\.\\s{0,4}__|\\b(?:config|self|request|lipsum|cycler"
                    + "|joiner|namespace|range|constructor|_self|app|settings|get_flashed_messages|url_for)\\b|\\(|\\[)",
            "\\$\\{\\s{0,4}[^}]{0,100}?(?:\\d\\s{0,4}[*+/-]\\s{0,4}\\d|\\bt\\s{0,4}\\(|\\bnew\\s|\\bclass\\b|getclass"
                    + "|runtime|\\(|@)",
            "#\\{\\s{0,4}[^}]{0,100}?(?:\\d\\s{0,4}[*+/-]\\s{0,4}\\d|\\(|@|\\bt\\s{0,4}\\()",
            "%\\{\\s{0,4}[^}]{0,100}?(?:#|@|\\()|\\(#[a-z_]{1,30}\\s{0,4}=|#_?memberaccess|@java\\.lang\\.|#context\\["
                    + "|\\bognl(?:context|util)\\b|\\bt\\s{0,4}\\(\\s{0,4}java\\.",
            "\\{%\\s{0,4}(?:import|include|set|for|if|extends|debug|raw|load|macro)\\b|<%=?\\s|\\$\\{\\{");

    private static final String JNDI_LOOKUP_EXPRESSION = any(
            "\\$\\{[^}]{0,60}?\\$\\{",
            "\\$\\{\\s{0,4}(?:jndi|lower|upper|env|sys|java|date|main|ctx|bundle|docker|k8s|spring|web|log4j"
                    + "|event|map|sd|marker|base64|::-)\\s{0,4}:",
            "\\bjndi\\s{0,4}:\\s{0,4}(?:ldaps?|rmi|dns|nis|iiop|corba|nds|https?)\\b");

    private static final String JAVA_DESERIALIZATION_EXPRESSION = any(
            "\\brO0AB|\\baced0005|\\bH4sIAAAAAAAA",
            "\\bjava\\.(?:lang|io|net|nio|rmi|beans|security|sql|util\\.(?:zip|jar|concurrent|logging))\\.[a-z]",
            "\\bjava\\.(?:runtime|processbuilder|process)\\b|\\b(?:processbuilder|runtime\\.getruntime)\\b",
            "\\b(?:invoker|chained|instantiate|constant|clone|closure|factory|map|predicate)transformer\\b",
            "\\borg\\.apache\\.commons\\.(?:collections\\d?|beanutils)\\b|\\bcom\\.sun\\.(?:org\\.apache\\.xalan"
                    + "|rowset|jndi|management)\\b|\\btemplatesimpl\\b|\\bysoserial\\b|\\bjavax\\.(?:naming|management|script"
                    + "|xml\\.transform)\\.|\\bcom\\.opensymphony\\.xwork2\\b|\\borg\\.springframework\\.(?:beans|context"
                    + "|expression)\\b|\\bbsh\\.interpreter\\b|\\bgroovy\\.(?:lang|util)\\.|\\bclass\\.forname\\b"
                    + "|\\bcom\\.thoughtworks\\.xstream\\b|\\bjava\\.lang\\b",
            "\\.jspx?\\.?\\s{0,4}$");

    /**
     * The built-in signatures, by id. Case-insensitive; matched on every part of a call, decoded ({@link
     * io.apiguard.common.inspect.Evasions#decode}) and raw, and the SQL one on the SQL form too. Every quantifier is
     * bounded so no input can make an expression backtrack for long.
     */
    public static final Map<String, String> BUILT_IN = Map.ofEntries(
            Map.entry("sql-injection", SQL_INJECTION_EXPRESSION),
            Map.entry("path-traversal", PATH_TRAVERSAL_EXPRESSION),
            Map.entry("xss", XSS_EXPRESSION),
            Map.entry("command-injection", COMMAND_INJECTION_EXPRESSION),
            Map.entry("ssrf-metadata", SSRF_METADATA_EXPRESSION),
            Map.entry("ssrf", SSRF_EXPRESSION),
            Map.entry("remote-file-inclusion", REMOTE_FILE_INCLUSION_EXPRESSION),
            Map.entry("php-injection", PHP_INJECTION_EXPRESSION),
            Map.entry("nodejs-injection", NODEJS_INJECTION_EXPRESSION),
            Map.entry("template-injection", TEMPLATE_INJECTION_EXPRESSION),
            Map.entry("jndi-lookup", JNDI_LOOKUP_EXPRESSION),
            Map.entry("java-deserialization", JAVA_DESERIALIZATION_EXPRESSION),
            // a pseudo-signature: inspection reports a body it could not read whole under this id; never matches a
            // value
            Map.entry(io.apiguard.common.inspect.RequestParts.MALFORMED_BODY, "(?!)"));

    /**
     * For each built-in signature, literal fragments (lower-case) of which at least one must occur, case-insensitively,
     * for the expression to be able to match. Inspection checks these first and skips the regular expression on the
     * vast majority of values, which contain none of them; custom signatures have no triggers and always run.
     */
    public static final Map<String, List<String>> BUILT_IN_TRIGGERS = Map.ofEntries(
            Map.entry(
                    "sql-injection",
                    List.of(
                            "::",
                            "or ",
                            "and ",
                            "pg_",
                            ".e",
                            "as ",
                            "regexp",
                            "rlike",
                            "sounds",
                            "'",
                            "\"",
                            "`",
                            "union",
                            "drop",
                            "sleep",
                            "benchmark",
                            "waitfor",
                            "select",
                            ";",
                            "@@",
                            "information_schema",
                            "_user",
                            "sys",
                            "msdb",
                            "master",
                            "tables",
                            "outfile",
                            "dumpfile",
                            "=",
                            "$",
                            "load_file",
                            "(",
                            "like",
                            "having",
                            "alter",
                            "create",
                            "procedure",
                            "exec",
                            "declare",
                            "northwind")),
            Map.entry(
                    "path-traversal",
                    List.of(
                            "..",
                            "/etc/",
                            "/proc/",
                            ".ini",
                            "system32",
                            "/.",
                            "\\.",
                            "/usr/",
                            "/var/",
                            "web-inf",
                            "0x2",
                            "0x5c",
                            "%2e",
                            "/sys/",
                            "httpd",
                            ".log",
                            ".sql",
                            "backup.",
                            "/@id/",
                            "__x00__",
                            "/tmp/")),
            Map.entry(
                    "xss",
                    List.of(
                            "setinterval",
                            "settimeout",
                            "atob",
                            "btoa",
                            "execscript",
                            "`",
                            "self",
                            "top",
                            "parent",
                            "frames",
                            "import",
                            "formaction",
                            "<",
                            "script",
                            "=",
                            "data:",
                            "document",
                            "window",
                            "alert",
                            "prompt",
                            "confirm",
                            "fromcharcode",
                            "expression",
                            "entity",
                            "-moz-binding",
                            "behavior",
                            "url",
                            "![]",
                            "!+",
                            "+adw-",
                            "+ad4-",
                            "\t",
                            "\n",
                            "\n")),
            Map.entry(
                    "command-injection",
                    List.of(
                            ";",
                            "|",
                            "`",
                            "$(",
                            "&",
                            "\n",
                            "ifs",
                            "${",
                            "$shell",
                            "()",
                            "/bin/",
                            "/dev/",
                            "cmd",
                            "powershell",
                            "%",
                            "==",
                            "exist",
                            "defined",
                            "errorlevel",
                            "[",
                            "?",
                            "*",
                            "{",
                            "~",
                            "<(",
                            "<<<",
                            " -",
                            "alias",
                            "busybox",
                            "nohup",
                            "strace",
                            "ltrace",
                            "cpulimit",
                            "visudo",
                            "ansible-",
                            "chef-",
                            "cscli",
                            "aa-",
                            "msfvenom",
                            "nc",
                            "socat",
                            "exec",
                            "hkey_",
                            "regedit",
                            "bcdboot",
                            "passwd",
                            "shadow",
                            "subuid",
                            "subgid",
                            "hosts",
                            "group")),
            Map.entry(
                    "ssrf-metadata",
                    List.of(
                            "169.254",
                            "fd00:ec2",
                            "100.100.100.200",
                            "metadata",
                            "instance-data",
                            "192.0.0.192",
                            "2852039166",
                            "7147006462",
                            "0xa9",
                            "0251.0376",
                            "-data")),
            Map.entry(
                    "ssrf",
                    List.of(
                            "@",
                            ":",
                            "http",
                            "ftp",
                            ":/",
                            "localhost",
                            "ip6-",
                            "docker.internal",
                            "localtest.me",
                            "kubernetes.default",
                            ".nip.io",
                            ".xip.io",
                            ".sslip.io",
                            "lvh.me",
                            "burpcollaborator",
                            "oastify")),
            Map.entry("remote-file-inclusion", List.of("jar:", "local_file", "://", "?", "data:")),
            Map.entry(
                    "php-injection",
                    List.of(
                            "phtml",
                            "phpt",
                            "sess_",
                            "mbstring",
                            "unserialize_",
                            "system",
                            "exec",
                            "define",
                            "sy",
                            "<?",
                            "?>",
                            "$",
                            "(",
                            "=",
                            "o:",
                            "c:",
                            "a:",
                            ".ph",
                            "php",
                            "{")),
            Map.entry(
                    "nodejs-injection",
                    List.of(
                            "__proto__",
                            "constructor",
                            "require",
                            "child_process",
                            "process",
                            "eval",
                            "function",
                            "settimeout",
                            "setinterval",
                            "setimmediate",
                            "while",
                            "console",
                            "this",
                            "global",
                            "module",
                            "__js_function",
                            "_$$nd_func$$_")),
            Map.entry(
                    "template-injection",
                    List.of(
                            "{{",
                            "${",
                            "#{",
                            "%{",
                            "(#",
                            "memberaccess",
                            "@java",
                            "#context",
                            "ognl",
                            "java.",
                            "{%",
                            "<%")),
            Map.entry("jndi-lookup", List.of("${", "jndi")),
            Map.entry(
                    "java-deserialization",
                    List.of(
                            "ro0ab",
                            "aced0005",
                            "h4siaaaaaaaa",
                            "java",
                            "processbuilder",
                            "runtime",
                            "transformer",
                            "org.",
                            "com.",
                            "templatesimpl",
                            "ysoserial",
                            "bsh.",
                            "groovy.",
                            "class.forname",
                            ".jsp")),
            Map.entry(io.apiguard.common.inspect.RequestParts.MALFORMED_BODY, List.of("\u0000never")));

    /** The signature read on the SQL form of values too ({@link io.apiguard.common.inspect.Evasions#sqlForm}). */
    public static final String SQL_INJECTION = "sql-injection";

    /** The built-in expressions compiled once (they are longer than a custom one may be). */
    private static final Map<String, Pattern> BUILT_IN_PATTERNS = BUILT_IN.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> Pattern.compile(e.getValue())));

    /** Longest custom expression accepted: a signature is a pattern, not a program. */
    public static final int MAX_EXPRESSION_LENGTH = 1_000;

    private PayloadSignatures() {}

    /** One case-insensitive expression matching any of {@code alternatives}. */
    private static String any(String... alternatives) {
        return "(?i)" + String.join("|", alternatives);
    }

    /** The expression of signature {@code id}: a custom one from {@code custom}, else a built-in one. */
    public static Optional<String> expression(String id, Map<String, String> custom) {
        String expression = custom.get(id);
        return Optional.ofNullable(expression != null ? expression : BUILT_IN.get(id));
    }

    /**
     * The triggers of signature {@code id} (see {@link #BUILT_IN_TRIGGERS}); empty, meaning "always run the
     * expression", for a custom signature, including a custom one that replaces a built-in id.
     */
    public static List<String> triggers(String id, Map<String, String> custom) {
        return custom.containsKey(id) ? List.of() : BUILT_IN_TRIGGERS.getOrDefault(id, List.of());
    }

    /**
     * Signature {@code id} compiled with its triggers, ready for {@link io.apiguard.common.inspect.InspectedRequest}.
     *
     * @throws IllegalArgumentException when it is unknown or not a valid expression
     */
    public static Signature signature(String id, Map<String, String> custom) {
        return new Signature(
                id, compile(id, custom), triggers(id, custom), SQL_INJECTION.equals(id) && !custom.containsKey(id));
    }

    /** Every built-in payload signature (the {@code malformed-body} pseudo-signature left out), compiled, by id. */
    public static List<Signature> builtIn() {
        return BUILT_IN.keySet().stream()
                .filter(id -> !id.equals(io.apiguard.common.inspect.RequestParts.MALFORMED_BODY))
                .sorted()
                .map(id -> signature(id, Map.of()))
                .toList();
    }

    /**
     * Compiles signature {@code id}.
     *
     * @throws IllegalArgumentException when it is unknown or not a valid expression
     */
    public static Pattern compile(String id, Map<String, String> custom) {
        String expression = custom.get(id);
        if (expression != null) {
            return compileExpression(expression);
        }
        Pattern builtIn = BUILT_IN_PATTERNS.get(id);
        if (builtIn == null) {
            throw new IllegalArgumentException("unknown payload signature '" + id + "'");
        }
        return builtIn;
    }

    /**
     * Compiles one expression, refusing empty and overlong ones.
     *
     * @throws IllegalArgumentException when it is not a valid expression
     */
    public static Pattern compileExpression(String expression) {
        if (expression == null || expression.isEmpty() || expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new IllegalArgumentException(
                    "a payload signature needs 1 to " + MAX_EXPRESSION_LENGTH + " characters");
        }
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription(), e);
        }
    }
}
