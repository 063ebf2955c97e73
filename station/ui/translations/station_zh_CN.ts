<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CameraView</name>
    <message>
        <location filename="../camera_view.py" line="173" />
        <location filename="../engine_strings.py" line="377" />
        <source>No camera</source>
        <translation>无摄像头</translation>
    </message>
    <message>
        <location filename="../camera_view.py" line="173" />
        <location filename="../engine_strings.py" line="378" />
        <source>Waiting for the camera…</source>
        <translation>正在等待摄像头…</translation>
    </message>
</context>
<context>
    <name>Captured</name>
    <message>
        <location filename="../engine_strings.py" line="384" />
        <location filename="../panels/captured.py" line="25" />
        <source>quantity from the barcode</source>
        <translation>数量取自条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="383" />
        <location filename="../panels/captured.py" line="26" />
        <source>one pack</source>
        <translation>一包装</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="385" />
        <location filename="../panels/captured.py" line="27" />
        <source>quantity typed</source>
        <translation>数量为手输</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="380" />
        <location filename="../panels/captured.py" line="78" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="386" />
        <location filename="../panels/captured.py" line="83" />
        <source>{days} days left</source>
        <translation>剩余 {days} 天</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="382" />
        <location filename="../panels/captured.py" line="85" />
        <source>expired {days} days ago</source>
        <translation>已过期 {days} 天</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="379" />
        <location filename="../panels/captured.py" line="90" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="381" />
        <location filename="../panels/captured.py" line="92" />
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <location filename="../engine_strings.py" line="389" />
        <location filename="../screens/controls.py" line="22" />
        <source>DONE</source>
        <extracomment>about 15 mm at the 96 dpi Qt assumes offscreen and on most bench screens command, label and the key that does the same</extracomment>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="391" />
        <location filename="../screens/controls.py" line="23" />
        <source>UNDO</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="388" />
        <location filename="../screens/controls.py" line="24" />
        <source>CANCEL</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="387" />
        <location filename="../screens/controls.py" line="25" />
        <source>ACKNOWLEDGE</source>
        <translation>确认错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="390" />
        <location filename="../screens/controls.py" line="72" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>CountingPanel</name>
    <message>
        <location filename="../panels/counting.py" line="66" />
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="66" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="66" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="394" />
        <location filename="../panels/counting.py" line="67" />
        <source>Open count tasks, by priority</source>
        <translation>未完成的盘点任务（按优先级）</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="71" />
        <source>counted</source>
        <translation>已盘点</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="395" />
        <location filename="../panels/counting.py" line="71" />
        <source>to count</source>
        <translation>待盘点</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="74" />
        <location filename="../panels/counting.py" line="104" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="74" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="89" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="90" />
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="91" />
        <location filename="../panels/counting.py" line="120" />
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="393" />
        <location filename="../panels/counting.py" line="92" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="392" />
        <location filename="../panels/counting.py" line="93" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="100" />
        <source>new</source>
        <translation>新</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="100" />
        <source>repeated</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../panels/counting.py" line="101" />
        <source>not items</source>
        <translation>非物料</translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message>
        <location filename="../dashboard.py" line="195" />
        <location filename="../engine_strings.py" line="415" />
        <source>Stale stock</source>
        <translation>呆滞库存</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="201" />
        <location filename="../engine_strings.py" line="414" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="209" />
        <location filename="../engine_strings.py" line="418" />
        <source>Total stock value</source>
        <translation>库存总金额</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="210" />
        <location filename="../engine_strings.py" line="416" />
        <source>Stale value</source>
        <translation>呆滞金额</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="211" />
        <location filename="../engine_strings.py" line="410" />
        <source>Near-expiry value</source>
        <translation>临期金额</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="212" />
        <location filename="../dashboard.py" line="240" />
        <location filename="../engine_strings.py" line="411" />
        <source>Open alerts</source>
        <translation>未处理预警</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="213" />
        <location filename="../engine_strings.py" line="408" />
        <source>Money released</source>
        <translation>已释放资金</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="229" />
        <location filename="../engine_strings.py" line="420" />
        <source>Value by age since receipt (days) — click a bar</source>
        <translation>按入库天数的库存金额（天）——点击柱形查看</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="233" />
        <location filename="../dashboard.py" line="236" />
        <location filename="../dashboard.py" line="248" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="233" />
        <location filename="../dashboard.py" line="249" />
        <location filename="../engine_strings.py" line="409" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="233" />
        <location filename="../engine_strings.py" line="405" />
        <source>Idle days</source>
        <translation>呆滞天数</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="233" />
        <location filename="../dashboard.py" line="254" />
        <location filename="../engine_strings.py" line="419" />
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="236" />
        <location filename="../engine_strings.py" line="402" />
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="236" />
        <location filename="../engine_strings.py" line="399" />
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="236" />
        <location filename="../engine_strings.py" line="397" />
        <source>Action</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="236" />
        <location filename="../engine_strings.py" line="412" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="239" />
        <location filename="../engine_strings.py" line="417" />
        <source>Ten slowest movers</source>
        <translation>周转最慢的十种物料</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="250" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="251" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="252" />
        <location filename="../engine_strings.py" line="421" />
        <source>Zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="253" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="255" />
        <location filename="../engine_strings.py" line="398" />
        <source>Age</source>
        <translation>库龄</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="256" />
        <location filename="../engine_strings.py" line="404" />
        <source>Idle</source>
        <translation>未动天数</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="257" />
        <location filename="../engine_strings.py" line="403" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="261" />
        <location filename="../engine_strings.py" line="413" />
        <source>Print stale-stock flag</source>
        <translation>打印呆滞库存标签</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="279" />
        <location filename="../engine_strings.py" line="406" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="285" />
        <location filename="../engine_strings.py" line="401" />
        <source>Could not load: %1</source>
        <translation>无法加载：%1</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="292" />
        <location filename="../engine_strings.py" line="400" />
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="296" />
        <location filename="../engine_strings.py" line="396" />
        <source>%1 % of the value</source>
        <translation>占金额 %1 %</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="301" />
        <location filename="../engine_strings.py" line="422" />
        <source>expired: %1</source>
        <translation>已过期：%1</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="305" />
        <location filename="../engine_strings.py" line="423" />
        <source>follow-up tasks</source>
        <translation>跟进任务</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="334" />
        <location filename="../engine_strings.py" line="407" />
        <source>Lots aged %1 days (highest value first)</source>
        <translation>库龄 %1 天的批次（按金额从高到低）</translation>
    </message>
</context>
<context>
    <name>EffectReports</name>
    <message>
        <location filename="../effect_reports.py" line="22" />
        <location filename="../engine_strings.py" line="433" />
        <source>Receipt discrepancy report</source>
        <translation>收货差异报告</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="23" />
        <location filename="../engine_strings.py" line="425" />
        <source>Dispatch note</source>
        <translation>发货单</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="47" />
        <location filename="../engine_strings.py" line="428" />
        <source>Labels ({count})</source>
        <translation>标签（{count} 张）</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="52" />
        <location filename="../engine_strings.py" line="426" />
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="61" />
        <location filename="../engine_strings.py" line="436" />
        <source>no label printer is set up</source>
        <translation>未设置标签打印机</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="65" />
        <location filename="../engine_strings.py" line="441" />
        <source>the folder {folder} cannot be written</source>
        <translation>无法写入文件夹 {folder}</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="69" />
        <location filename="../engine_strings.py" line="440" />
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="75" />
        <location filename="../engine_strings.py" line="435" />
        <source>Set a label printer in the settings (Ctrl+,), then RETRY (F5).</source>
        <translation>请在设置（Ctrl+,）中设置标签打印机，然后按“重试”（F5）。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="79" />
        <location filename="../engine_strings.py" line="427" />
        <source>Fix the folder (or ask a supervisor), then RETRY (F5).</source>
        <translation>请修复该文件夹（或询问主管），然后按“重试”（F5）。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="82" />
        <location filename="../effect_reports.py" line="136" />
        <location filename="../engine_strings.py" line="424" />
        <source>Check the printer, then RETRY (F5).</source>
        <translation>请检查打印机，然后按“重试”（F5）。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="91" />
        <location filename="../engine_strings.py" line="439" />
        <source>sent to the print queue (job {job})</source>
        <translation>已送入打印队列（任务 {job}）</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="100" />
        <location filename="../engine_strings.py" line="442" />
        <source>written to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="106" />
        <location filename="../engine_strings.py" line="437" />
        <source>noted in the audit log: this station cannot write it</source>
        <translation>已记入审计日志：本工作站无法生成该文件</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="112" />
        <location filename="../engine_strings.py" line="429" />
        <source>NOT done: {reason}.</source>
        <translation>未完成：{reason}。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="120" />
        <location filename="../engine_strings.py" line="444" />
        <source>{what}: {result}</source>
        <translation>{what}：{result}</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="127" />
        <location filename="../engine_strings.py" line="432" />
        <source>Printer {url}</source>
        <translation>打印机 {url}</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="129" />
        <location filename="../engine_strings.py" line="430" />
        <source>NOT printing, {count} label job(s) waiting: {reason}.</source>
        <translation>无法打印，{count} 个标签任务等待中：{reason}。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="143" />
        <location filename="../engine_strings.py" line="443" />
        <source>{count} label job(s) waiting</source>
        <translation>{count} 个标签任务等待中</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="149" />
        <location filename="../engine_strings.py" line="438" />
        <source>printed, nothing waiting</source>
        <translation>已打印，无等待任务</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="160" />
        <location filename="../engine_strings.py" line="431" />
        <source>No printed label is waiting to be scanned back now.</source>
        <translation>现在没有等待扫描复核的已打印标签。</translation>
    </message>
    <message>
        <location filename="../effect_reports.py" line="165" />
        <location filename="../engine_strings.py" line="434" />
        <source>Scan the label just printed now, before the goods move: {expected} ({count} printed label(s) to scan back).</source>
        <translation>请在货物移动之前，立即扫描刚打印的标签：{expected}（还有 {count} 张已打印标签待扫描复核）。</translation>
    </message>
</context>
<context>
    <name>IssuingPanel</name>
    <message>
        <location filename="../panels/issuing.py" line="100" />
        <source>Picker</source>
        <translation>拣货人</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="102" />
        <source>Checker</source>
        <translation>复核人</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="455" />
        <location filename="../panels/issuing.py" line="155" />
        <source>Picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="460" />
        <location filename="../panels/issuing.py" line="156" />
        <source>Short lines: reason</source>
        <translation>短拣行：原因</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="451" />
        <location filename="../panels/issuing.py" line="157" />
        <source>Locked: waiting for the checker</source>
        <translation>已锁定：等待复核人</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="447" />
        <location filename="../panels/issuing.py" line="158" />
        <source>Checking (blind)</source>
        <translation>复核中（盲复核）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="458" />
        <location filename="../panels/issuing.py" line="165" />
        <source>Scan the location.</source>
        <translation>请扫描库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="457" />
        <location filename="../panels/issuing.py" line="166" />
        <source>Scan the item (or its GS1 label with the lot).</source>
        <translation>请扫描物料（或含批号的 GS1 标签）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="459" />
        <location filename="../panels/issuing.py" line="167" />
        <source>Scan the lot.</source>
        <translation>请扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="449" />
        <location filename="../panels/issuing.py" line="168" />
        <source>Choose why the line is short.</source>
        <translation>请选择该行短拣的原因。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="446" />
        <location filename="../panels/issuing.py" line="169" />
        <source>Checker: scan your badge. The picker may not check.</source>
        <translation>复核人：请扫描工牌。拣货人不能复核。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="445" />
        <location filename="../panels/issuing.py" line="170" />
        <source>Checker: enter your PIN.</source>
        <translation>复核人：请输入 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="456" />
        <location filename="../panels/issuing.py" line="171" />
        <source>Scan every item again, then DONE.</source>
        <translation>请重新扫描每件物料，然后扫“完成”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="462" />
        <location filename="../panels/issuing.py" line="175" />
        <source>The picker's quantities stay hidden until the check is done.</source>
        <translation>复核完成前不显示拣货人的数量。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="448" />
        <location filename="../panels/issuing.py" line="179" />
        <source>Choose an issue order</source>
        <translation>请选择发料单</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="463" />
        <location filename="../panels/issuing.py" line="181" />
        <source>Type its number, or scan the order reference.</source>
        <translation>输入序号，或扫描单号。</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="185" />
        <source>Order</source>
        <translation>单号</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="127" />
        <location filename="../panels/issuing.py" line="193" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="194" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="195" />
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="453" />
        <location filename="../panels/issuing.py" line="196" />
        <source>Ordered</source>
        <translation>需求</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="461" />
        <location filename="../panels/issuing.py" line="197" />
        <source>Take</source>
        <translation>应取</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="454" />
        <location filename="../panels/issuing.py" line="198" />
        <source>Picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="199" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="450" />
        <location filename="../panels/issuing.py" line="200" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="201" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="204" />
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="452" />
        <location filename="../panels/issuing.py" line="204" />
        <source>Lot counted</source>
        <translation>复核批号</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="205" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="465" />
        <location filename="../panels/issuing.py" line="272" />
        <source>checked</source>
        <translation>已复核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="464" />
        <location filename="../panels/issuing.py" line="276" />
        <source>back: picked</source>
        <translation>退回：已拣</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="278" />
        <source>counted</source>
        <translation>已盘点</translation>
    </message>
    <message>
        <location filename="../panels/issuing.py" line="282" />
        <source>short</source>
        <translation>短缺</translation>
    </message>
</context>
<context>
    <name>JobListWidget</name>
    <message>
        <location filename="../engine_strings.py" line="466" />
        <location filename="../job_list.py" line="100" />
        <source>BACK</source>
        <extracomment>background of a job's row by how it stands</extracomment>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="467" />
        <location filename="../job_list.py" line="105" />
        <source>Labels, documents and errors, newest first</source>
        <translation>标签、文件和错误，最新的在前</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="470" />
        <location filename="../job_list.py" line="114" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="471" />
        <location filename="../job_list.py" line="114" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="469" />
        <location filename="../job_list.py" line="114" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="468" />
        <location filename="../job_list.py" line="143" />
        <source>RETRY</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../engine_strings.py" line="490" />
        <location filename="../main_window.py" line="113" />
        <source>Warehouse station</source>
        <translation>仓库扫描工作站</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="483" />
        <location filename="../main_window.py" line="134" />
        <source>Scan, or type a code / PIN / quantity and press Enter</source>
        <translation>扫码，或输入编码 / PIN / 数量后按回车</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="485" />
        <location filename="../main_window.py" line="154" />
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="475" />
        <location filename="../main_window.py" line="156" />
        <source>Devices: keyboard</source>
        <translation>设备：键盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="479" />
        <location filename="../main_window.py" line="367" />
        <source>Jobs failed:</source>
        <translation>定时任务失败：</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="480" />
        <location filename="../main_window.py" line="370" />
        <source>Jobs: all done</source>
        <translation>定时任务：全部完成</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="481" />
        <location filename="../main_window.py" line="163" />
        <source>Jobs: not run yet</source>
        <translation>定时任务：尚未运行</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="486" />
        <location filename="../main_window.py" line="158" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="491" />
        <location filename="../main_window.py" line="516" />
        <source>cannot be opened, trying again</source>
        <translation>无法打开，正在重试</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="492" />
        <location filename="../main_window.py" line="517" />
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="493" />
        <location filename="../main_window.py" line="514" />
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="495" />
        <location filename="../main_window.py" line="158" />
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="496" />
        <location filename="../main_window.py" line="515" />
        <source>not connected, waiting for it</source>
        <translation>未连接，正在等待</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="473" />
        <location filename="../main_window.py" line="319" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="484" />
        <source>Stale stock</source>
        <translation>呆滞库存</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="474" />
        <location filename="../main_window.py" line="521" />
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="472" />
        <location filename="../main_window.py" line="337" />
        <source>BACK</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="478" />
        <location filename="../main_window.py" line="451" />
        <source>Failed jobs: {count}</source>
        <translation>失败任务：{count}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>REFUSED</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="487" />
        <location filename="../main_window.py" line="583" />
        <source>The station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="497" />
        <location filename="../main_window.py" line="582" />
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="477" />
        <location filename="../main_window.py" line="585" />
        <source>Errors:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="482" />
        <location filename="../main_window.py" line="543" />
        <source>Only an admin may change the settings: log in as admin.</source>
        <translation>只有管理员可以修改设置：请以管理员登录。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="494" />
        <location filename="../main_window.py" line="566" />
        <source>nobody</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="489" />
        <location filename="../main_window.py" line="567" />
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="476" />
        <location filename="../main_window.py" line="577" />
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="488" />
        <location filename="../main_window.py" line="580" />
        <source>The station failed to handle that input</source>
        <translation>工作站处理该输入时出错</translation>
    </message>
</context>
<context>
    <name>MovePanel</name>
    <message>
        <location filename="../panels/moving.py" line="36" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../panels/moving.py" line="36" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../panels/moving.py" line="36" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../panels/moving.py" line="36" />
        <location filename="../panels/moving.py" line="52" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../panels/moving.py" line="36" />
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../panels/moving.py" line="57" />
        <source>lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="498" />
        <location filename="../panels/moving.py" line="60" />
        <source>→ scan the target location</source>
        <translation>→ 请扫描目标库位</translation>
    </message>
</context>
<context>
    <name>PrinterStatusButton</name>
    <message>
        <location filename="../engine_strings.py" line="501" />
        <location filename="../printer_status.py" line="46" />
        <source>Printer: failing, {count} waiting</source>
        <translation>打印机：故障，{count} 个等待中</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="503" />
        <location filename="../printer_status.py" line="53" />
        <source>Printer: none set up</source>
        <translation>打印机：未设置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="500" />
        <location filename="../printer_status.py" line="55" />
        <source>No label printer is set up: labels cannot be printed.</source>
        <translation>未设置标签打印机：无法打印标签。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="502" />
        <location filename="../printer_status.py" line="48" />
        <source>Printer: failing, {count} waiting, {back} to scan back</source>
        <translation>打印机：故障，{count} 个等待中，{back} 张待扫描复核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="504" />
        <location filename="../printer_status.py" line="58" />
        <source>Printer: ready</source>
        <translation>打印机：就绪</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="505" />
        <location filename="../printer_status.py" line="64" />
        <source>Printer: ready, {back} to scan back</source>
        <translation>打印机：就绪，{back} 张待扫描复核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="506" />
        <location filename="../printer_status.py" line="62" />
        <source>Printer: ready, {count} waiting</source>
        <translation>打印机：就绪，{count} 个等待中</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="507" />
        <location filename="../printer_status.py" line="60" />
        <source>Printer: ready, {count} waiting, {back} to scan back</source>
        <translation>打印机：就绪，{count} 个等待中，{back} 张待扫描复核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="508" />
        <location filename="../printer_status.py" line="69" />
        <source>{back} printed label(s) wait to be scanned back: scan them at the station.</source>
        <translation>{back} 张已打印标签等待扫描复核：请在工作站扫描它们。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="499" />
        <location filename="../printer_status.py" line="73" />
        <source>Click for the job list (F6).</source>
        <translation>点击查看任务列表（F6）。</translation>
    </message>
</context>
<context>
    <name>ReceivingPanel</name>
    <message>
        <location filename="../panels/receiving.py" line="67" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="68" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="69" />
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="70" />
        <source>Expected</source>
        <translation>应收</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="71" />
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="72" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="525" />
        <location filename="../panels/receiving.py" line="112" />
        <source>Receiving</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="529" />
        <location filename="../panels/receiving.py" line="115" />
        <source>Scan the receipt reference</source>
        <translation>请扫描收货单号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="509" />
        <location filename="../panels/receiving.py" line="127" />
        <source>BLIND: for review</source>
        <translation>无单收货：待审核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="521" />
        <location filename="../panels/receiving.py" line="130" />
        <source>Put away to</source>
        <translation>上架到</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="516" />
        <location filename="../panels/receiving.py" line="130" />
        <source>No location yet</source>
        <translation>尚无库位</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="510" />
        <source>COMPLETE</source>
        <translation>齐全</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="511" />
        <source>EXPIRED</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="513" />
        <source>FLAGGED</source>
        <translation>已标记</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="515" />
        <location filename="../panels/receiving.py" line="133" />
        <source>Next scan counts</source>
        <translation>下一次扫描计为</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="517" />
        <source>OPEN</source>
        <translation>未收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="518" />
        <source>OVER</source>
        <translation>超收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="520" />
        <location filename="../panels/receiving.py" line="135" />
        <source>POSTED</source>
        <translation>已过账</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="519" />
        <location filename="../panels/receiving.py" line="153" />
        <source>OVER — supervisor approval needed</source>
        <translation>超收——需主管批准</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="522" />
        <source>QUARANTINE</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="523" />
        <source>QUARANTINED</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="526" />
        <source>SHORT</source>
        <translation>短收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="527" />
        <source>SHORT SHELF LIFE</source>
        <translation>保质期不足</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="530" />
        <source>blind receipt from</source>
        <translation>无单收货，供应商</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="531" />
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="533" />
        <source>lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="534" />
        <source>not on receipt</source>
        <translation>不在收货单上</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="538" />
        <source>short shelf life</source>
        <translation>保质期不足</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="539" />
        <location filename="../panels/receiving.py" line="160" />
        <source>unknown GTIN</source>
        <translation>未知 GTIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="540" />
        <source>unknown gtin</source>
        <translation>未知 GTIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="541" />
        <source>{days} days left</source>
        <translation>剩余 {days} 天</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="528" />
        <location filename="../panels/receiving.py" line="173" />
        <source>Scan the items</source>
        <translation>请扫描物料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="532" />
        <location filename="../panels/receiving.py" line="185" />
        <source>lines received</source>
        <translation>行已收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="514" />
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="512" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="537" />
        <source>quantity typed</source>
        <translation>数量为手输</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="536" />
        <source>quantity from the barcode</source>
        <translation>数量来自条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="535" />
        <source>one pack</source>
        <translation>一包装</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="189" />
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="190" />
        <source>Short</source>
        <translation>短收</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="191" />
        <source>Complete</source>
        <translation>齐全</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="192" />
        <source>Over</source>
        <translation>超收</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="193" />
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="194" />
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="195" />
        <source>Scans</source>
        <translation>扫描次数</translation>
    </message>
    <message>
        <location filename="../panels/receiving.py" line="222" />
        <source>Showing</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="524" />
        <location filename="../panels/receiving.py" line="238" />
        <source>Quarantine / flagged</source>
        <translation>隔离 / 标记</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../engine_strings.py" line="542" />
        <location filename="../screens/scan_screen.py" line="35" />
        <source>ACCEPTED</source>
        <extracomment>icon, word and colour of each feedback kind (station.core.engine.feedback)</extracomment>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="580" />
        <location filename="../screens/scan_screen.py" line="36" />
        <source>WAITING</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="571" />
        <location filename="../screens/scan_screen.py" line="39" />
        <source>REFUSED</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="555" />
        <location filename="../screens/scan_screen.py" line="41" />
        <source>NOT SAVED</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="550" />
        <location filename="../screens/scan_screen.py" line="42" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="553" />
        <location filename="../screens/scan_screen.py" line="43" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="547" />
        <location filename="../screens/scan_screen.py" line="44" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="569" />
        <location filename="../screens/scan_screen.py" line="45" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="575" />
        <location filename="../screens/scan_screen.py" line="49" />
        <location filename="../screens/scan_screen.py" line="58" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="549" />
        <location filename="../screens/scan_screen.py" line="50" />
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="546" />
        <location filename="../screens/scan_screen.py" line="56" />
        <source>EPC</source>
        <translation>EPC</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="581" />
        <location filename="../screens/scan_screen.py" line="57" />
        <source>What it is</source>
        <translation>标签内容</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="572" />
        <location filename="../screens/scan_screen.py" line="59" />
        <source>RSSI</source>
        <translation>信号强度</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="543" />
        <location filename="../screens/scan_screen.py" line="283" />
        <source>Before this refusal: %1</source>
        <translation>本次扫描被拒绝前查询的是：%1</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="544" />
        <location filename="../screens/scan_screen.py" line="37" />
        <source>CHECK</source>
        <translation>请核对</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="551" />
        <location filename="../screens/scan_screen.py" line="114" />
        <location filename="../screens/scan_screen.py" line="165" />
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="552" />
        <location filename="../screens/scan_screen.py" line="115" />
        <source>Lookup</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="556" />
        <location filename="../screens/scan_screen.py" line="246" />
        <source>Next: press ACKNOWLEDGE (F12), or scan its barcode.</source>
        <translation>下一步：按“确认错误”（F12），或扫描确认条码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="557" />
        <location filename="../screens/scan_screen.py" line="79" />
        <source>Next: scan DONE again to confirm, or CANCEL (Esc) to go back.</source>
        <translation>下一步：再次扫描“完成”以确认，或按“取消”（Esc）返回。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="558" />
        <location filename="../screens/scan_screen.py" line="82" />
        <source>Next: scan a barcode, or type the number of a choice and press Enter.</source>
        <translation>下一步：扫描条码，或输入选项编号并按回车。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="559" />
        <location filename="../screens/scan_screen.py" line="85" />
        <source>Next: scan a barcode.</source>
        <translation>下一步：扫描条码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="560" />
        <location filename="../screens/scan_screen.py" line="70" />
        <source>Next: scan an item. For another quantity, type it first (Enter), then scan the item.</source>
        <translation>下一步：扫描物料。如数量不同，请先输入数量（回车），再扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="561" />
        <location filename="../screens/scan_screen.py" line="86" />
        <source>Next: scan the label just printed, or type the number of a choice and press Enter.</source>
        <translation>下一步：扫描刚打印的标签，或输入选项编号并按回车。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="562" />
        <location filename="../screens/scan_screen.py" line="90" />
        <source>Next: scan the label just printed.</source>
        <translation>下一步：扫描刚打印的标签。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="563" />
        <location filename="../screens/scan_screen.py" line="65" />
        <source>Next: type the PIN (digits) and press Enter.</source>
        <translation>下一步：输入密码（数字），按回车。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="564" />
        <location filename="../screens/scan_screen.py" line="75" />
        <source>Next: type the number of your choice and press Enter, or scan.</source>
        <translation>下一步：输入所选项的编号并按回车，或扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="565" />
        <location filename="../screens/scan_screen.py" line="74" />
        <source>Next: type the quantity and press Enter.</source>
        <translation>下一步：输入数量，按回车。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="566" />
        <location filename="../screens/scan_screen.py" line="66" />
        <source>Next: type the quantity of the item just scanned and press Enter, or scan the next item.</source>
        <translation>下一步：输入刚扫描物料的数量并按回车，或扫描下一件物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="567" />
        <location filename="../screens/scan_screen.py" line="78" />
        <source>Next: type the text and press Enter, or scan it.</source>
        <translation>下一步：输入文字并按回车，或扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="570" />
        <location filename="../screens/scan_screen.py" line="38" />
        <source>READY</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="573" />
        <location filename="../screens/scan_screen.py" line="116" />
        <source>Receiving</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="554" />
        <location filename="../screens/scan_screen.py" line="117" />
        <source>Move</source>
        <translation>移库</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="574" />
        <location filename="../screens/scan_screen.py" line="118" />
        <source>Reversal</source>
        <translation>冲销</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="548" />
        <location filename="../screens/scan_screen.py" line="119" />
        <source>Issue</source>
        <translation>发料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="545" />
        <location filename="../screens/scan_screen.py" line="120" />
        <source>Cycle count</source>
        <translation>循环盘点</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="577" />
        <location filename="../screens/scan_screen.py" line="121" />
        <source>Scanner batch</source>
        <translation>扫描枪批量</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="579" />
        <location filename="../screens/scan_screen.py" line="122" />
        <source>Variance review</source>
        <translation>差异审核</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="578" />
        <location filename="../screens/scan_screen.py" line="123" />
        <source>Users and PINs</source>
        <translation>用户与 PIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="568" />
        <location filename="../screens/scan_screen.py" line="167" />
        <location filename="../screens/scan_screen.py" line="258" />
        <source>Nobody logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="576" />
        <location filename="../screens/scan_screen.py" line="177" />
        <source>Scan your badge to log in.</source>
        <translation>请扫描工牌登录。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="74" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="587" />
        <location filename="../settings_dialog.py" line="143" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="591" />
        <source>Play sounds</source>
        <translation>播放声音</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="594" />
        <source>Station id</source>
        <translation>工作站编号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="593" />
        <source>Scanners (URLs)</source>
        <translation>扫描枪（URL）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="592" />
        <source>RFID readers (URLs)</source>
        <translation>RFID 读写器（URL）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="588" />
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="582" />
        <source>Central database</source>
        <translation>中央数据库</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="595" />
        <source>Sync every (seconds)</source>
        <translation>同步间隔（秒）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="590" />
        <source>Over-receipt tolerance (%)</source>
        <translation>超收容差（%）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="583" />
        <source>Count tolerance (%)</source>
        <translation>盘点容差（%）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="584" />
        <source>Count tolerance (value)</source>
        <translation>盘点容差（金额）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="585" />
        <location filename="../settings_dialog.py" line="121" />
        <source>Device, language and sync changes take effect at the next start.</source>
        <translation>设备、语言和同步的更改在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="180" />
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="586" />
        <location filename="../settings_dialog.py" line="189" />
        <source>Enter a device URL first.</source>
        <translation>请先输入设备 URL。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="596" />
        <location filename="../settings_dialog.py" line="191" />
        <source>Waiting for a scan from</source>
        <translation>正在等待扫描：</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="589" />
        <location filename="../settings_dialog.py" line="205" />
        <source>Not saved:</source>
        <translation>未保存：</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message>
        <location filename="../engine_strings.py" line="614" />
        <location filename="../sync_status.py" line="109" />
        <source>Sync: not yet</source>
        <translation>同步：尚未同步</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="613" />
        <location filename="../sync_status.py" line="114" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="598" />
        <location filename="../sync_status.py" line="121" />
        <source>%1 parked</source>
        <translation>%1 条已搁置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="600" />
        <location filename="../sync_status.py" line="81" />
        <source>An alarm needs a supervisor: see station sync.</source>
        <translation>有警报需要主管处理：请查看 station sync。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="601" />
        <location filename="../sync_status.py" line="37" />
        <source>An event from central could not be applied: it is parked.</source>
        <translation>来自中心库的一个事件无法应用：该事件已搁置。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="602" />
        <location filename="../sync_status.py" line="74" />
        <source>Another station gave a lot a different expiry date: this station keeps its own. Check the lot's label.</source>
        <translation>另一工作站为某批次记录了不同的有效期：本工作站保留自己的日期。请核对该批次的标签。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="603" />
        <location filename="../sync_status.py" line="66" />
        <source>Another station moved an item this station does not know: it was added as inactive. Check the item list.</source>
        <translation>另一工作站移动了本工作站不认识的物料：已将其添加为停用状态。请核对物料清单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="604" />
        <location filename="../sync_status.py" line="70" />
        <source>Another station used a location this station does not know: it was added as inactive. Check the locations.</source>
        <translation>另一工作站使用了本工作站不认识的库位：已将其添加为停用状态。请核对库位清单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="605" />
        <location filename="../sync_status.py" line="44" />
        <source>Audit log entries were removed: central raised an alarm. Call a supervisor.</source>
        <translation>审计日志的条目被删除：中心库已发出警报。请联系主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="606" />
        <location filename="../sync_status.py" line="34" />
        <source>Central holds an event's key under another event: it is parked.</source>
        <translation>中心库中该事件的编号已被另一事件占用：该事件已搁置。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="607" />
        <location filename="../sync_status.py" line="26" />
        <source>Central holds events this station's database lacks: it was restored from a backup.</source>
        <translation>中心库保存着本工作站数据库缺少的事件：数据库是从备份恢复的。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="608" />
        <location filename="../sync_status.py" line="56" />
        <source>Central lost events of this station: they were sent again.</source>
        <translation>中心库丢失了本工作站的事件：这些事件已重新发送。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="609" />
        <location filename="../sync_status.py" line="62" />
        <source>Central refused a PIN chosen at this station: that badge gets central's PIN with the next sync.</source>
        <translation>中心库拒绝了在本工作站设置的 PIN：该工牌将在下次同步时取得中心库的 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="610" />
        <location filename="../sync_status.py" line="30" />
        <source>Central refused an event as malformed: it is kept, parked for a supervisor.</source>
        <translation>中心库拒收了一个格式错误的事件：该事件已保留，搁置待主管处理。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="611" />
        <location filename="../sync_status.py" line="52" />
        <source>Central was restored from a backup: this station pulled everything again.</source>
        <translation>中心库已从备份恢复：本工作站已重新拉取全部数据。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="612" />
        <location filename="../sync_status.py" line="114" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="615" />
        <location filename="../sync_status.py" line="48" />
        <source>The audit log does not verify, so its anchor was not sealed again. Run station verify and call a supervisor.</source>
        <translation>审计日志校验不通过，因此未重新封存其锚点。请运行 station verify 并联系主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="616" />
        <location filename="../sync_status.py" line="40" />
        <source>The audit log was rewritten: central raised an alarm. Call a supervisor.</source>
        <translation>审计日志被改写：中心库已发出警报。请联系主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="617" />
        <location filename="../sync_status.py" line="59" />
        <source>This station's clock differs from central's by more than a minute.</source>
        <translation>本工作站的时钟与中心库相差超过一分钟。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="618" />
        <location filename="../sync_status.py" line="22" />
        <source>This station's database was copied back over a newer copy: its events were sent again and the other copy's movements pulled in. Check stock for work done twice.</source>
        <translation>本工作站的数据库被旧副本覆盖：其事件已用新的化身编号重新发送，另一副本的库存变动已拉回。请检查库存，看是否有重复录入的作业。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="620" />
        <location filename="../sync_status.py" line="117" />
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="599" />
        <location filename="../sync_status.py" line="119" />
        <source>%1 waiting</source>
        <translation>%1 条待发送</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="619" />
        <location filename="../sync_status.py" line="124" />
        <source>clock off by %1 s</source>
        <translation>时钟偏差 %1 秒</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="597" />
        <location filename="../sync_status.py" line="127" />
        <source>%1 alarms</source>
        <translation>%1 个警报</translation>
    </message>
</context>
<context>
    <name>VarianceReviewPanel</name>
    <message>
        <location filename="../panels/variance_review.py" line="79" />
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="621" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="622" />
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="623" />
        <source>Counter</source>
        <translation>盘点员</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="624" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="625" />
        <source>Expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="626" />
        <location filename="../panels/variance_review.py" line="80" />
        <source>Filter: {filters}. Largest value first.</source>
        <translation>筛选：{filters}。按金额从大到小。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="627" />
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="628" />
        <source>Item / location</source>
        <translation>物料 / 库位</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="629" />
        <source>Largest value first.</source>
        <translation>按金额从大到小。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="630" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="631" />
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="632" />
        <location filename="../panels/variance_review.py" line="132" />
        <source>Moves in the expected quantity:</source>
        <translation>计入预期数量的库存变动：</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="633" />
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="634" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="636" />
        <source>SKU</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="637" />
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="638" />
        <source>Variance</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="639" />
        <source>Zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="640" />
        <location filename="../panels/variance_review.py" line="102" />
        <source>all lots</source>
        <translation>全部批号</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="642" />
        <location filename="../panels/variance_review.py" line="106" />
        <source>stock moved during the count</source>
        <translation>盘点期间有库存移动</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="641" />
        <location filename="../panels/variance_review.py" line="109" />
        <location filename="../panels/variance_review.py" line="129" />
        <source>first count</source>
        <translation>初盘</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="116" />
        <source>expected</source>
        <translation>应有</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="118" />
        <source>book</source>
        <translation>账面</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="120" />
        <source>moved</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="122" />
        <source>counted</source>
        <translation>已盘点</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="124" />
        <source>variance</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="135" />
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="635" />
        <location filename="../panels/variance_review.py" line="141" />
        <source>Record accuracy</source>
        <translation>库存准确率</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="157" />
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="157" />
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="157" />
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../panels/variance_review.py" line="157" />
        <source>Accuracy %</source>
        <translation>准确率 %</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <location filename="../engine_strings.py" line="363" />
        <source>look up items, locations and badges</source>
        <translation>查询物料、库位和工牌</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="364" />
        <source>receive goods</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="365" />
        <source>move stock</source>
        <translation>移库</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="366" />
        <source>pick issue orders</source>
        <translation>拣货发料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="367" />
        <source>check another person's issue</source>
        <translation>复核他人的发料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="368" />
        <source>count stock</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="369" />
        <source>approve an over-receipt</source>
        <translation>批准超收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="370" />
        <source>approve a quantity above the site ceiling</source>
        <translation>批准超过上限的数量</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="371" />
        <source>approve count variances</source>
        <translation>批准盘点差异</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="372" />
        <source>reverse a posted movement</source>
        <translation>冲销已过账的移动</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="373" />
        <source>clear a PIN lockout</source>
        <translation>解除 PIN 锁定</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="374" />
        <source>manage users and PINs</source>
        <translation>管理用户和 PIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="375" />
        <source>import master data</source>
        <translation>导入主数据</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="376" />
        <source>change settings</source>
        <translation>修改设置</translation>
    </message>
</context>
<context>
    <name>choices</name>
    <message>
        <location filename="../engine_strings.py" line="270" />
        <location filename="../engine_strings.py" line="643" />
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="271" />
        <location filename="../engine_strings.py" line="644" />
        <source>Blind receipt (nothing expected)</source>
        <translation>无单收货（无预期收货单）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="272" />
        <location filename="../engine_strings.py" line="645" />
        <source>Disable badge</source>
        <translation>停用工牌</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="273" />
        <location filename="../engine_strings.py" line="646" />
        <source>Enable badge</source>
        <translation>启用工牌</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="274" />
        <location filename="../engine_strings.py" line="647" />
        <source>Issue a one-time PIN</source>
        <translation>发放一次性 PIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="275" />
        <location filename="../engine_strings.py" line="648" />
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="276" />
        <location filename="../engine_strings.py" line="649" />
        <source>Send to recount</source>
        <translation>发起复盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="277" />
        <location filename="../engine_strings.py" line="650" />
        <source>clear lockout</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="278" />
        <location filename="../engine_strings.py" line="651" />
        <source>count_correction</source>
        <translation>盘点更正</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="279" />
        <location filename="../engine_strings.py" line="652" />
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="280" />
        <location filename="../engine_strings.py" line="653" />
        <source>expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="281" />
        <location filename="../engine_strings.py" line="654" />
        <source>issue_error</source>
        <translation>发料差错</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="282" />
        <location filename="../engine_strings.py" line="655" />
        <source>lost_or_stolen</source>
        <translation>丢失或被盗</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="283" />
        <location filename="../engine_strings.py" line="656" />
        <source>misplaced</source>
        <translation>放错位置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="284" />
        <location filename="../engine_strings.py" line="657" />
        <source>not enough stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="285" />
        <location filename="../engine_strings.py" line="658" />
        <source>not found at the location</source>
        <translation>库位上找不到</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="286" />
        <location filename="../engine_strings.py" line="659" />
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="287" />
        <location filename="../engine_strings.py" line="660" />
        <source>receiving_error</source>
        <translation>收货差错</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="288" />
        <location filename="../engine_strings.py" line="661" />
        <source>unit_of_measure_error</source>
        <translation>计量单位错误</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <location filename="../engine_strings.py" line="9" />
        <source>Batch upload: choose the count task ({count} open).</source>
        <translation>批量上传：请选择盘点任务（{count} 个未完成）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="10" />
        <source>{reference}: dock the scanner or paste the batch; DONE when all is in ({records} lines so far).</source>
        <translation>{reference}：请将扫描枪插上底座或粘贴批量数据；全部进来后扫“完成”（目前 {records} 行）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="11" />
        <source>Batch discarded (kept as received).</source>
        <translation>批量数据已放弃（原始数据已保留）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="12" />
        <source>The batch holds no location with items yet.</source>
        <translation>批量数据中还没有带物料的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="13" />
        <source>Batch understood: {locations} locations, {lines} lines, {errors} problems. DONE submits, CANCEL discards.</source>
        <translation>批量数据解析结果：{locations} 个库位，{lines} 行，{errors} 个问题。扫“完成”提交，扫“取消”放弃。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="14" />
        <source>Batch submitted: {locations} locations counted for {reference}.</source>
        <translation>批量数据已提交：{reference} 已盘点 {locations} 个库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="15" />
        <source>Choose a number from 1 to {count}.</source>
        <translation>请选择 1 到 {count} 之间的数字。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="16" />
        <source>Error acknowledged. Scan on.</source>
        <translation>错误已确认，请继续扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="17" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="18" />
        <source>Done.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="19" />
        <source>There is nothing to cancel.</source>
        <translation>没有可取消的操作。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="21" />
        <source>Unknown command barcode {code}.</source>
        <translation>未知的命令条码 {code}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="22" />
        <source>Choose a count task ({count} open), or scan its reference.</source>
        <translation>请选择盘点任务（{count} 个未完成），或扫描任务号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="23" />
        <source>Close {code} first (DONE), then scan the next location.</source>
        <translation>请先结束 {code}（扫“完成”），再扫下一个库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="24" />
        <source>{code} closed: {lines} lines counted.</source>
        <translation>{code} 已结束：盘点 {lines} 行。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="25" />
        <source>{code} closed: confirmed empty.</source>
        <translation>{code} 已结束：确认为空。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="26" />
        <source>Nothing counted at {code}. Scan DONE again to confirm it is empty.</source>
        <translation>{code} 尚未盘点任何物料。再扫一次“完成”确认该库位为空。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="27" />
        <source>{sku} +{qty} counted at {code}.</source>
        <translation>{code} 盘点 {sku} +{qty}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="28" />
        <source>Count of {code} cancelled.</source>
        <translation>{code} 的盘点已取消。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="30" />
        <source>Counting {code}: scan the items.</source>
        <translation>正在盘点 {code}：请扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="31" />
        <source>There is no open count task.</source>
        <translation>没有未完成的盘点任务。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="33" />
        <source>Nothing counted here yet.</source>
        <translation>这里还没有盘点任何物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="35" />
        <source>Scan an item first, then type its quantity.</source>
        <translation>请先扫描物料，再输入数量。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="36" />
        <source>{sku}: count set to {qty}.</source>
        <translation>{sku}：盘点数量设为 {qty}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="37" />
        <source>{reference} is a recount: another counter must do it.</source>
        <translation>{reference} 是复盘任务：必须由另一位盘点员完成。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="38" />
        <source>Carrying on counting {code} ({lines} lines counted so far).</source>
        <translation>继续盘点 {code}（已盘点 {lines} 行）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="39" />
        <source>RFID: {new} new tags counted, {repeated} already counted, {not_items} not items.</source>
        <translation>RFID：新盘点 {new} 个标签，{repeated} 个已盘点，{not_items} 个不是物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="40" />
        <source>{reference}: scan a location to count ({left} left).</source>
        <translation>{reference}：请扫描要盘点的库位（还剩 {left} 个）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="41" />
        <source>{reference} counted. Thank you.</source>
        <translation>{reference} 已盘点完毕，谢谢。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="43" />
        <source>Last line removed ({sku} {qty}).</source>
        <translation>已删除最后一行（{sku} {qty}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="46" />
        <source>This station has no users or items yet. Import them: station import users FILE, then items, locations and stock (samples in docs/samples/), or try the demo: station run --demo.</source>
        <translation>本工作站还没有用户和物料。请先导入：station import users 文件，再导入物料、库位和库存（示例见 docs/samples/），或先试用演示：station run --demo。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="47" />
        <source>Back to lookup.</source>
        <translation>返回查询。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="48" />
        <source>Scan an item, location or badge to look it up, or choose what to do.</source>
        <translation>扫描物料、库位或工牌进行查询，或选择要做的作业。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="50" />
        <source>Back to picking {reference}.</source>
        <translation>返回拣货 {reference}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="51" />
        <source>{reference} cancelled: nothing was issued.</source>
        <translation>{reference} 已取消：没有发出任何物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="52" />
        <source>{name} is checking {reference}: scan items, then DONE.</source>
        <translation>{name} 正在复核 {reference}：请扫描物料，然后扫“完成”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="53" />
        <source>Check line {line} {sku}: lot {lot}.</source>
        <translation>复核第 {line} 行 {sku}：批号 {lot}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="54" />
        <source>Check line {line}: lot {current} already counted; undo to change.</source>
        <translation>复核第 {line} 行：批号 {current} 已计数；如需更改请撤销。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="55" />
        <source>Check line {line} {sku}: scan the lot.</source>
        <translation>复核第 {line} 行 {sku}：请扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="56" />
        <source>Check line {line} {sku}: scan its lot before anything else.</source>
        <translation>复核第 {line} 行 {sku}：请先扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="57" />
        <source>Check line {line} {sku}: {qty} {unit} counted.</source>
        <translation>复核第 {line} 行 {sku}：已计 {qty} {unit}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="60" />
        <source>{name}: enter your PIN to check {reference}.</source>
        <translation>{name}：请输入 PIN 以复核 {reference}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="61" />
        <source>{name} cannot check now: the badge is locked or disabled.</source>
        <translation>{name} 现在不能复核：工牌已锁定或停用。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="63" />
        <source>{name} checks {reference}: scan every item again, then DONE.</source>
        <translation>{name} 复核 {reference}：请重新扫描每件物料，然后扫“完成”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="64" />
        <source>Choose the issue order to pick, or scan its reference.</source>
        <translation>请选择要拣货的发料单，或扫描单号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="65" />
        <source>Finish picking first (DONE); then the checker scans their badge.</source>
        <translation>请先完成拣货（扫“完成”），再由复核人扫描工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="67" />
        <source>At {location}. Scan the item.</source>
        <translation>在 {location}。请扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="68" />
        <source>{reference} is locked for checking. Checker: scan your badge.</source>
        <translation>{reference} 已锁定待复核。复核人：请扫描工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="70" />
        <source>Line {line} {sku}: scan the lot before finishing.</source>
        <translation>第 {line} 行 {sku}：完成前请扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="72" />
        <source>Line {line} {sku}: lot {lot} taken, but lot {suggested} expires first ({expiry}).</source>
        <translation>第 {line} 行 {sku}：已取批号 {lot}，但批号 {suggested} 先到期（{expiry}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="74" />
        <source>Line {line} {sku}: lot {lot} taken, but lot {suggested} was received first ({received}).</source>
        <translation>第 {line} 行 {sku}：已取批号 {lot}，但批号 {suggested} 先入库（{received}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="76" />
        <source>Line {line} is picked from lot {current}; undo it to take lot {lot}.</source>
        <translation>第 {line} 行已从批号 {current} 拣货；如要改拣批号 {lot} 请先撤销。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="77" />
        <source>Lot {lot} of {sku} is not known.</source>
        <translation>{sku} 的批号 {lot} 未知。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="78" />
        <source>Line {line} asks for lot {wanted}, not {lot}.</source>
        <translation>第 {line} 行要求批号 {wanted}，不是 {lot}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="79" />
        <source>{count} line(s) differ ({lines}): back to the picker to pick again.</source>
        <translation>{count} 行不一致（{lines}）：退回拣货人重新拣货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="80" />
        <source>There are no issue orders to pick.</source>
        <translation>没有待拣货的发料单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="82" />
        <source>Nothing is picked yet: pick a line, or cancel the order.</source>
        <translation>尚未拣货：请拣一行，或取消此单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="83" />
        <source>Nothing to undo on this order.</source>
        <translation>此单没有可撤销的操作。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="85" />
        <source>{reference} is already issued.</source>
        <translation>{reference} 已发出。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="86" />
        <source>{reference} is not an issue order.</source>
        <translation>{reference} 不是发料单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="88" />
        <source>Line {line} {sku}: {qty} of {ordered} {unit} (lot {lot}).</source>
        <translation>第 {line} 行 {sku}：{qty}/{ordered} {unit}（批号 {lot}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="89" />
        <source>{reference} issued: {lines} lines, picked by {picker}, checked by {checker}.</source>
        <translation>{reference} 已发出：{lines} 行，拣货人 {picker}，复核人 {checker}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="90" />
        <source>{reference} partly issued: {lines} lines, picked by {picker}, checked by {checker}. The rest stays open.</source>
        <translation>{reference} 部分发出：{lines} 行，拣货人 {picker}，复核人 {checker}。其余保持未完成。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="91" />
        <source>A quantity cannot be negative.</source>
        <translation>数量不能为负。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="92" />
        <source>Scan an item before typing a quantity.</source>
        <translation>请先扫描物料再输入数量。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="93" />
        <source>Choose a reason for the short line (a number), or type one.</source>
        <translation>请为短拣行选择原因（数字），或输入原因。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="94" />
        <source>{reference} resumed where it was left.</source>
        <translation>{reference} 已从中断处继续。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="95" />
        <source>{reference} resumed: locked, waiting for a checker's badge.</source>
        <translation>{reference} 已继续：已锁定，等待复核人扫描工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="97" />
        <source>Scan the location first ({sku}: {location}).</source>
        <translation>请先扫描库位（{sku}：{location}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="98" />
        <source>Line {line} {sku}: scan the lot. Take lot {lot} first.</source>
        <translation>第 {line} 行 {sku}：请扫描批号。请先取批号 {lot}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="99" />
        <source>Line {line} {sku}: scan the lot.</source>
        <translation>第 {line} 行 {sku}：请扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="100" />
        <source>Line {line} {sku}: scan its lot before anything else.</source>
        <translation>第 {line} 行 {sku}：请先扫描批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="101" />
        <source>Line {line} {sku}: {qty} of {ordered} picked. Choose why it is short.</source>
        <translation>第 {line} 行 {sku}：已拣 {qty}/{ordered}。请选择短拣原因。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="102" />
        <source>{reference} for {destination}: {lines} lines. Scan the location.</source>
        <translation>{reference} 发往 {destination}：{lines} 行。请扫描库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="103" />
        <source>Only {available} of {sku} lot {lot} left at {location}: line {line} cannot be issued.</source>
        <translation>{location} 的 {sku} 批号 {lot} 只剩 {available}：第 {line} 行无法发出。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="104" />
        <source>Line {line} cleared.</source>
        <translation>第 {line} 行已清空。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="105" />
        <source>{reference} unlocked: back to picking.</source>
        <translation>{reference} 已解锁：返回拣货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="106" />
        <source>{reference} is locked: waiting for a checker's badge.</source>
        <translation>{reference} 已锁定：等待复核人扫描工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="109" />
        <source>No printed label is waiting to be scanned back.</source>
        <translation>没有等待扫描复核的已打印标签。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="110" />
        <source>{read} is not the label just printed ({expected}): {left} scans left to read it.</source>
        <translation>{read} 不是刚打印的标签（{expected}）：还剩 {left} 次扫描可以读取它。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="111" />
        <source>Scan the label just printed: {expected} ({left} scans left).</source>
        <translation>请扫描刚打印的标签：{expected}（还剩 {left} 次扫描）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="112" />
        <source>Label {expected} was not read back within {reads} scans: it is unverified and the pallet is not ready. Check the printer, then reprint the label.</source>
        <translation>标签 {expected} 在 {reads} 次扫描内未被读回：未复核，托盘未就绪。请检查打印机，然后重新打印标签。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="113" />
        <source>Label verified: {expected} reads back as printed.</source>
        <translation>标签已复核：{expected} 扫描结果与打印内容一致。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="114" />
        <source>Label verified: {expected}. Now scan the next label printed: {next} ({left} scans left).</source>
        <translation>标签已复核：{expected}。请扫描下一张刚打印的标签：{next}（还剩 {left} 次扫描）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="115" />
        <source>Wrong label: {read} was read where {expected} was printed. Do not ship the pallet: reprint its label and scan it again.</source>
        <translation>标签错误：打印的是 {expected}，扫到的却是 {read}。请勿发运该托盘：重新打印标签并再次扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="117" />
        <source>Enrolment code accepted. {name}: choose a new PIN ({min} to {max} digits).</source>
        <translation>登记码有效。{name}：请设置新 PIN（{min} 到 {max} 位数字）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="118" />
        <source>{name}'s enrolment code has expired or was used. Ask for a new one (station central enrol --badge {badge}), let this station sync, then scan the badge again.</source>
        <translation>{name} 的登记码已过期或已被使用。请申请新的登记码（station central enrol --badge {badge}），待本站同步后再刷工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="119" />
        <source>{name}: enter the new PIN again.</source>
        <translation>{name}：请再输入一次新 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="120" />
        <source>{name}: enter your 12-digit enrolment code.</source>
        <translation>{name}：请输入 12 位登记码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="121" />
        <source>{name}: enter your PIN.</source>
        <translation>{name}：请输入 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="122" />
        <source>{name} was logged out after {minutes} minutes without a scan.</source>
        <translation>{name} 已 {minutes} 分钟无操作，已自动退出。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="123" />
        <source>{name} logged out.</source>
        <translation>{name} 已退出。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="124" />
        <source>{name} has no PIN a {role} may use here: a {role} chooses a PIN only with a one-time enrolment code. Ask for one (at central: station central enrol --badge {badge}; on a station without central: station enrol --badge {badge}), let this station sync, then scan the badge again.</source>
        <translation>{name} 在本站没有可用的 PIN：{role}只能凭一次性登记码设置 PIN。请申请登记码（在中心：station central enrol --badge {badge}；没有中心的工作站：station enrol --badge {badge}），待本站同步后再刷工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="125" />
        <source>No PIN was asked for.</source>
        <translation>当前不需要输入 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="126" />
        <source>Wrong PIN. {name} is now locked out; a supervisor must clear it.</source>
        <translation>PIN 错误。{name} 已被锁定，需主管解锁。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="127" />
        <source>Enter the PIN on the keypad, not a scan.</source>
        <translation>请用键盘输入 PIN，不要扫码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="128" />
        <source>The two PINs differ. Choose a new PIN again.</source>
        <translation>两次输入的 PIN 不一致，请重新设置。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="129" />
        <source>PIN set. Welcome, {name}.</source>
        <translation>PIN 已设置。欢迎，{name}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="130" />
        <source>Log in first: scan your badge.</source>
        <translation>请先扫描工牌登录。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="131" />
        <source>Scan your badge to log in.</source>
        <translation>请扫描工牌登录。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="132" />
        <source>{name}: choose a new PIN ({min} to {max} digits).</source>
        <translation>{name}：请设置新 PIN（{min} 到 {max} 位数字）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="133" />
        <source>{name}'s badge is disabled. See a supervisor.</source>
        <translation>{name} 的工牌已停用，请找主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="134" />
        <source>{name} is locked out after too many wrong PINs. A supervisor must clear it.</source>
        <translation>{name} 因多次输错 PIN 已被锁定，需主管解锁。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="135" />
        <source>Welcome, {name} ({role}).</source>
        <translation>欢迎，{name}（{role}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="136" />
        <source>That is not {name}'s enrolment code. {left} tries left.</source>
        <translation>这不是 {name} 的登记码。还可尝试 {left} 次。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="137" />
        <source>Wrong PIN. {left} tries left.</source>
        <translation>PIN 错误，还可尝试 {left} 次。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="138" />
        <source>{sku} {name}: {qty} {unit} in stock.</source>
        <translation>{sku} {name}：库存 {qty} {unit}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="139" />
        <source>{sku} {name}: none in stock.</source>
        <translation>{sku} {name}：无库存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="140" />
        <source>Location {code} ({zone}): {lines} stock lines.</source>
        <translation>库位 {code}（{zone}区）：{lines} 条库存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="141" />
        <source>Location {code} ({zone}) is empty.</source>
        <translation>库位 {code}（{zone}区）为空。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="142" />
        <source>Lockout of {name} cleared.</source>
        <translation>已解除 {name} 的锁定。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="143" />
        <source>Lookup: scan an item, a location or a badge.</source>
        <translation>查询：请扫描物料、库位或工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="144" />
        <source>{count} RFID tags read, {known} of known items.</source>
        <translation>读到 {count} 个 RFID 标签，其中 {known} 个是已知物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="145" />
        <source>Badge of {name} ({role}).</source>
        <translation>{name}（{role}）的工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="146" />
        <source>Badge of {name} ({role}): locked out. A supervisor can choose 1 to clear it.</source>
        <translation>{name}（{role}）的工牌：已锁定。主管可选 1 解锁。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="147" />
        <source>Stepped back.</source>
        <translation>已退回上一步。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="148" />
        <source>{sku} has {count} lots at {code}: choose one.</source>
        <translation>{sku} 在 {code} 有 {count} 个批号：请选择一个。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="150" />
        <source>From {code}: scan the item to move.</source>
        <translation>从 {code} 移出：请扫描要移动的物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="151" />
        <source>{sku} {name} lot {lot}: {qty} of {available} {unit}. Type or scan the quantity, then scan the target location.</source>
        <translation>{sku} {name} 批号 {lot}：{qty}/{available} {unit}。输入或扫描数量，然后扫描目标库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="153" />
        <source>Moved {qty} {unit} {sku} from {source} to {target}. Scan the next item.</source>
        <translation>已将 {qty} {unit} {sku} 从 {source} 移到 {target}。请扫描下一件物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="155" />
        <source>{sku} is another item: move {current} first, or UNDO.</source>
        <translation>{sku} 是另一种物料：请先移动 {current}，或撤销。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="156" />
        <source>Move between 0 and {available} {unit}.</source>
        <translation>移动数量应在 0 到 {available} {unit} 之间。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="157" />
        <source>{qty} of {available} {unit} {sku}. Scan the target location.</source>
        <translation>{sku} {qty}/{available} {unit}。请扫描目标库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="159" />
        <source>Move: scan the location to take stock from.</source>
        <translation>移库：请扫描要取货的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="20" />
        <source>There is nothing to undo: scan on.</source>
        <translation>没有可撤销的操作：请继续扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="29" />
        <source>{code} is already counted for {reference}: scan a location still to count.</source>
        <translation>{code} 已为 {reference} 盘点过：请扫描尚未盘点的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="32" />
        <source>{text} is not an item: scan the item's barcode, or ask a supervisor.</source>
        <translation>{text} 不是物料：请扫描物料条码，或询问主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="34" />
        <source>This count is for {sku} only: set the other item aside, it is not counted.</source>
        <translation>本次盘点只针对 {sku}：其他物料请放到一边，不计入盘点。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="42" />
        <source>{reference} is not an open count task: choose one from the list.</source>
        <translation>{reference} 不是未完成的盘点任务：请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="44" />
        <source>{code} is not a location of {reference}: scan one of the locations listed.</source>
        <translation>{code} 不属于 {reference} 的库位：请扫描列表中的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="45" />
        <source>The last scan was refused: press ACKNOWLEDGE (F12) or scan its barcode, then scan on.</source>
        <translation>上一次扫描被拒绝：请按“确认错误”（F12）或扫描确认条码，然后继续扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="49" />
        <source>{what} is not expected now: the line below says what to do next.</source>
        <translation>现在不需要{what}：下方一行说明下一步该做什么。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="58" />
        <source>{sku} {name} is not on {reference} (or already checked): set it aside and scan the next item.</source>
        <translation>{sku} {name} 不在 {reference} 上（或已复核）：请放到一边，扫描下一个物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="59" />
        <source>{name} ({role}) may not check issues: ask a clerk or a supervisor to check.</source>
        <translation>{name}（{role}）无权复核发料：请仓管员或主管复核。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="62" />
        <source>Badge {badge} is not known: it cannot check. Ask a supervisor to add it.</source>
        <translation>工牌 {badge} 未知，不能复核。请主管添加。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="66" />
        <source>Line {line} ({sku}) is already complete. To change it, press UNDO (F8).</source>
        <translation>第 {line} 行（{sku}）已拣齐。如需更改，请按“撤销”（F8）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="69" />
        <source>Lot {lot} of {sku} expired on {expiry}: it may not be issued. Put it aside and take another lot.</source>
        <translation>{sku} 的批号 {lot} 已于 {expiry} 过期：不得发出。请放到一边，改拣其他批号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="71" />
        <source>Lot {lot} refused: lot {suggested} expires first ({expiry}). Take lot {suggested} instead.</source>
        <translation>批号 {lot} 被拒绝：批号 {suggested} 先到期（{expiry}）。请改拣批号 {suggested}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="73" />
        <source>Lot {lot} refused: lot {suggested} was received first ({received}) and goes first. Take lot {suggested} instead.</source>
        <translation>批号 {lot} 被拒绝：批号 {suggested} 先入库（{received}），应先发出。请改拣批号 {suggested}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="75" />
        <source>There is no {sku} of lot {lot} at {location}: go to the bin shown under Take, scan it, then the item.</source>
        <translation>{location} 没有批号为 {lot} 的 {sku}：请到“应取”栏所示的库位，扫描该库位，再扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="81" />
        <source>Only {available} {unit} of {sku} lot {lot} at {location}: type what you took, then DONE marks the line short.</source>
        <translation>{location} 的 {sku} 批号 {lot} 只有 {available} {unit}：请输入实际拣取的数量，按“完成”时该行记为短缺。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="84" />
        <source>{reference} is being picked by {name}: choose another order, or ask {name} to leave it.</source>
        <translation>{reference} 正由 {name} 拣货：请选择其他订单，或请 {name} 先退出该订单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="87" />
        <source>Line {line} {sku}: {qty} is more than the {ordered} ordered. Type the quantity again, at most {ordered}.</source>
        <translation>第 {line} 行 {sku}：{qty} 超过需求数量 {ordered}。请重新输入数量，最多 {ordered}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="96" />
        <source>{name} picked {reference} and may not check it: another person must scan their badge to check.</source>
        <translation>{name} 拣了 {reference}，不能自己复核：必须由另一人扫描工牌复核。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="107" />
        <source>{sku} {name} is not on {reference}: wrong item. Put it back and scan an item of the order.</source>
        <translation>{sku} {name} 不在 {reference} 上：物料错误。请放回原处，扫描订单上的物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="108" />
        <source>Line {line} ({sku}) is picked from {wanted}, not {location}: go to {wanted}, scan that bin, then the item.</source>
        <translation>第 {line} 行（{sku}）应从 {wanted} 拣货，不是 {location}：请到 {wanted}，扫描该库位，再扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="116" />
        <source>Badge {badge} is not known at this station: ask a supervisor to add it.</source>
        <translation>本工作站不认识工牌 {badge}：请主管添加。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="149" />
        <source>Location {code} holds no stock: scan the location the stock is in.</source>
        <translation>库位 {code} 没有库存：请扫描存放该库存的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="152" />
        <source>{sku} lot {lot} is not at {code}: scan a lot that is there, or CANCEL.</source>
        <translation>{sku} 批号 {lot} 不在 {code}：请扫描该库位上的批号，或按“取消”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="154" />
        <source>{sku} is not at {code}: scan an item that is there, or CANCEL to start from another location.</source>
        <translation>{sku} 不在 {code}：请扫描该库位上的物料，或按“取消”从其他库位开始。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="158" />
        <source>The target is the same location {code}: scan the location to move it to.</source>
        <translation>目标库位与来源相同（{code}）：请扫描要移入的库位。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="160" />
        <source>Only {available} {unit} of {sku} are at {code}: type at most {available}.</source>
        <translation>{code} 只有 {available} {unit} 的 {sku}：请输入不超过 {available} 的数量。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="161" />
        <source>{role} may not {action}: ask a supervisor.</source>
        <translation>{role}无权{action}：请找主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="162" />
        <source>{name}: enter your PIN to confirm.</source>
        <translation>{name}：请输入 PIN 确认。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="163" />
        <source>A PIN is digits only.</source>
        <translation>PIN 只能是数字。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="164" />
        <source>A PIN has {min} to {max} digits.</source>
        <translation>PIN 为 {min} 到 {max} 位数字。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="165" />
        <source>{qty} {unit} not taken: nothing was changed.</source>
        <translation>未接受 {qty} {unit}：没有任何更改。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="166" />
        <source>Waiting for a supervisor to approve {qty} {unit}: scan a supervisor's badge, or CANCEL.</source>
        <translation>等待主管批准 {qty} {unit}：请扫描主管工牌，或按取消。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="167" />
        <source>{name}: enter your PIN to approve {qty} {unit}.</source>
        <translation>{name}：请输入 PIN 批准 {qty} {unit}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="168" />
        <source>{name} ({role}) may not approve a quantity: a supervisor must.</source>
        <translation>{name}（{role}）无权批准数量，须由主管批准。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="169" />
        <source>{qty} {unit} is above the site ceiling of {ceiling} {unit}. A supervisor scans their badge and enters their PIN to approve it, or CANCEL.</source>
        <translation>{qty} {unit} 超过本站上限 {ceiling} {unit}。需主管扫描工牌并输入 PIN 批准，或按取消。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="170" />
        <source>{text} is refused: a quantity is more than 0.</source>
        <translation>{text} 被拒绝：数量必须大于 0。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="171" />
        <source>{text} is not a quantity: type digits 0-9 and at most one decimal point, up to {max} (for example 12 or 2.5).</source>
        <translation>{text} 不是数量：请只输入数字 0-9，最多一个小数点，最大 {max}（例如 12 或 2.5）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="172" />
        <source>{text} is refused: no input may carry more than {max}.</source>
        <translation>{text} 被拒绝：单次输入不得超过 {max}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="173" />
        <source>{text} is refused: no input may carry more than {max} {unit}.</source>
        <translation>{text} 被拒绝：单次输入不得超过 {max} {unit}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="174" />
        <source>{text} is refused: {unit} takes at most {decimals} decimals.</source>
        <translation>{text} 被拒绝：{unit} 最多 {decimals} 位小数。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="175" />
        <source>{text} is refused: {unit} is counted in whole units only.</source>
        <translation>{text} 被拒绝：{unit} 只能按整数计数。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="176" />
        <source>A quantity of 0 is refused here: it must be more than 0.</source>
        <translation>此处不接受数量 0：必须大于 0。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="177" />
        <source>{name} ({role}) may not approve an over-receipt: a supervisor must.</source>
        <translation>{name}（{role}）无权批准超收：需由主管批准。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="178" />
        <source>Supplier {supplier}. Now scan or type the delivery reference.</source>
        <translation>供应商 {supplier}。请扫描或输入送货单号。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="179" />
        <source>{reference} is an expected receipt: scan it at home to receive against it.</source>
        <translation>{reference} 是预期收货单：请在主界面扫描它以按单收货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="180" />
        <source>Blind receipt {reference} from {supplier}: it will be marked for review. Scan the items.</source>
        <translation>无单收货 {reference}（供应商 {supplier}）：将标记待审核。请扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="181" />
        <source>Blind receipt: scan or type the supplier.</source>
        <translation>无单收货：请扫描或输入供应商。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="182" />
        <source>Scan the receipt reference, or choose one of the {count} open receipts.</source>
        <translation>请扫描收货单号，或从 {count} 张未完成收货单中选择。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="183" />
        <source>{sku} {name}: +{qty}, {received} of {expected} {unit} ({status}).</source>
        <translation>{sku} {name}：+{qty}，已收 {received}/{expected} {unit}（{status}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="184" />
        <source>{sku} {name}: +{qty}, {received} {unit} received.</source>
        <translation>{sku} {name}：+{qty}，已收 {received} {unit}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="185" />
        <source>{reference} left; nothing was received.</source>
        <translation>已离开 {reference}；没有收货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="186" />
        <source>{sku} lot {lot} expired on {expiry}: counted (+{qty}) and FLAGGED for a supervisor.</source>
        <translation>{sku} 批号 {lot} 已于 {expiry} 过期：已计数（+{qty}）并标记待主管处理。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="187" />
        <source>{sku} lot {lot} expired on {expiry}: REFUSED. Put it aside, do not receive it.</source>
        <translation>{sku} 批号 {lot} 已于 {expiry} 过期：拒收。请放到一边，不要收货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="188" />
        <source>{reference} is posted. Scan DONE to go back, or the next receipt.</source>
        <translation>{reference} 已过账。扫“完成”返回，或扫下一张收货单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="189" />
        <source>{reference} left half done: scan it again to carry on.</source>
        <translation>{reference} 已暂存：再次扫描即可继续。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="190" />
        <source>Scan the put-away location first, then DONE.</source>
        <translation>请先扫描上架库位，再扫“完成”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="191" />
        <source>Put-away location {code}. Scan DONE to post the receipt.</source>
        <translation>上架库位 {code}。扫“完成”过账收货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="192" />
        <source>No receipts are expected. Choose 1 to receive blind.</source>
        <translation>没有预期收货单。选 1 进行无单收货。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="193" />
        <source>{text} is not an item. Scan the item's barcode.</source>
        <translation>{text} 不是物料。请扫描物料条码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="194" />
        <source>Nothing scanned yet. Scan items, or CANCEL to leave.</source>
        <translation>尚未扫描。请扫描物料，或扫“取消”离开。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="195" />
        <source>{reference} is another receipt: finish or leave this one first.</source>
        <translation>{reference} 是另一张收货单：请先完成或离开当前收货单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="196" />
        <source>Over-receipt approved by {name}: {sku} {received} of {expected}.</source>
        <translation>超收已由 {name} 批准：{sku} {received}/{expected}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="197" />
        <source>{name}: enter your PIN to approve {would_be} of {expected} {sku}.</source>
        <translation>{name}：请输入 PIN 批准 {sku} 收 {would_be}/{expected}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="198" />
        <source>{sku}: {would_be} of {expected} ordered. Enter your PIN to approve the over-receipt, or CANCEL.</source>
        <translation>{sku}：订购 {expected}，将收 {would_be}。请输入 PIN 批准超收，或扫“取消”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="199" />
        <source>{sku}: {would_be} would be over the {expected} ordered (limit {limit}). A supervisor must scan their badge to approve, or CANCEL.</source>
        <translation>{sku}：{would_be} 将超过订购的 {expected}（上限 {limit}）。需主管扫描工牌批准，或扫“取消”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="200" />
        <source>Not received: the extra {qty} {sku} go back to the supplier.</source>
        <translation>未收货：多出的 {qty} {sku} 退回供应商。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="201" />
        <source>Waiting for a supervisor's badge to approve the over-receipt, or CANCEL.</source>
        <translation>等待主管扫描工牌批准超收，或扫“取消”。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="202" />
        <source>{reference} posted into {location}: {complete} complete, {short} short, {over} over, {quarantined} quarantined.</source>
        <translation>{reference} 已过账到 {location}：{complete} 行齐全，{short} 行短收，{over} 行超收，{quarantined} 行隔离。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="203" />
        <source>{reference} posted into {location}: everything as ordered.</source>
        <translation>{reference} 已过账到 {location}：全部与订单一致。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="204" />
        <source>A quantity must be more than 0.</source>
        <translation>数量必须大于 0。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="205" />
        <source>The next scan counts {qty}.</source>
        <translation>下一次扫描计为 {qty}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="206" />
        <source>{sku} {name} is not on {reference}: put it on the quarantine shelf (line Q{n}).</source>
        <translation>{sku} {name} 不在 {reference} 上：请放到隔离货架（Q{n} 行）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="207" />
        <source>GTIN {gtin} is not a known item: put it on the quarantine shelf (line Q{n}). The scan is kept.</source>
        <translation>GTIN {gtin} 不是已知物料：请放到隔离货架（Q{n} 行）。扫描记录已保留。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="208" />
        <source>{reference} carried on: {done} of {lines} lines complete. Scan on.</source>
        <translation>{reference} 已继续：{lines} 行中 {done} 行已齐。请继续扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="209" />
        <source>{sku} lot {lot} has {days} days of shelf life left ({min} needed): counted (+{qty}) and FLAGGED.</source>
        <translation>{sku} 批号 {lot} 剩余保质期 {days} 天（要求 {min} 天）：已计数（+{qty}）并标记。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="210" />
        <source>{sku} lot {lot} has only {days} days of shelf life left ({min} needed): REFUSED. Put it aside and ask a supervisor.</source>
        <translation>{sku} 批号 {lot} 剩余保质期仅 {days} 天（要求 {min} 天）：拒收。请放到一边并询问主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="216" />
        <source>{text} is not an open receipt: scan the reference on the delivery note, or choose one from the list.</source>
        <translation>{text} 不是未完成的收货单：请扫描送货单上的单号，或从列表中选择。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="226" />
        <source>This variance was already decided ({status}): choose another from the list.</source>
        <translation>该差异已处理（{status}）：请从列表中选择其他差异。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="234" />
        <source>This variance is no longer there: choose another from the list.</source>
        <translation>该差异已不存在：请从列表中选择其他差异。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="245" />
        <source>{text} is not an item, location or badge this station knows. Scan it again, or ask a supervisor to add it.</source>
        <translation>{text} 不是本站已知的物料、库位或工牌。请重新扫描，或请主管添加。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="246" />
        <source>GTIN {gtin} is not a known item. Put it aside and ask a supervisor to add the item.</source>
        <translation>GTIN {gtin} 不是已知物料。请放到一边，并请主管添加该物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="247" />
        <source>Location {code} is not known. Scan the label on the bin again, or ask a supervisor.</source>
        <translation>库位 {code} 不存在。请重新扫描库位标签，或询问主管。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="211" />
        <source>{reference} from {supplier}: {lines} lines. Scan the items.</source>
        <translation>{reference}（供应商 {supplier}）：{lines} 行。请扫描物料。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="212" />
        <source>Scan or type the {what}.</source>
        <translation>请扫描或输入{what}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="213" />
        <source>Undone: {sku} {qty}. Line {line} now {received}.</source>
        <translation>已撤销：{sku} {qty}。第 {line} 行现为 {received}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="214" />
        <source>Typed quantity cleared.</source>
        <translation>已清除输入的数量。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="215" />
        <source>Undone: quarantine line for {text}.</source>
        <translation>已撤销：{text} 的隔离行。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="217" />
        <source>That line was reversed already.</source>
        <translation>该行已冲销过。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="218" />
        <source>{reference}: choose the posted line to reverse.</source>
        <translation>{reference}：请选择要冲销的已过账行。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="219" />
        <source>Reversal: scan the posted receipt's reference, or choose one.</source>
        <translation>冲销：请扫描已过账收货单号，或从列表选择。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="220" />
        <source>Reverse {qty} {sku} lot {lot} at {location} of {reference}? Enter your PIN to confirm.</source>
        <translation>冲销 {reference} 在 {location} 的 {sku} 批号 {lot} 共 {qty}？请输入 PIN 确认。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="221" />
        <source>Reversed {qty} {sku} lot {lot} at {location} of {reference}.</source>
        <translation>已冲销 {reference} 在 {location} 的 {sku} 批号 {lot} 共 {qty}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="222" />
        <source>There is no posted receipt to reverse.</source>
        <translation>没有可冲销的已过账收货单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="223" />
        <source>{text} is not a posted receipt with lines left to reverse.</source>
        <translation>{text} 不是还有可冲销行的已过账收货单。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="224" />
        <source>Only {available} of {qty} {sku} are still at {location}: move them back first.</source>
        <translation>{location} 只剩 {available}/{qty} 的 {sku}：请先移回。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="225" />
        <source>Record accuracy: {pct}% of {lines} counted lines within tolerance.</source>
        <translation>库存准确率：已盘点 {lines} 行中 {pct}% 在容差内。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="227" />
        <source>Approved: adjustment of {variance} posted ({value}).</source>
        <translation>已批准：调整 {variance} 已过账（{value}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="228" />
        <source>Unknown filter {text}: use zone Z, class A|B|C, counter BADGE, all.</source>
        <translation>未知筛选 {text}：请用 zone 区、class A|B|C、counter 工牌 或 all。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="229" />
        <source>Choose the reason code for the adjustment.</source>
        <translation>请选择调整原因代码。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="230" />
        <source>Comment noted: {comment}</source>
        <translation>备注已记录：{comment}</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="231" />
        <source>Enter your PIN to confirm: {decision}.</source>
        <translation>请输入 PIN 确认：{decision}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="232" />
        <source>Count task {task} added.</source>
        <translation>已添加盘点任务 {task}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="233" />
        <source>Filter: {filters}. {count} variances.</source>
        <translation>筛选：{filters}。共 {count} 条差异。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="235" />
        <source>{count} variances to review, largest value first. Choose one.</source>
        <translation>{count} 条差异待审核，按金额从大到小。请选择一条。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="236" />
        <source>{location} {sku}: stock moved during the count. Counted {counted}, expected {expected}, variance {variance} ({value}). Choose approve, reject or recount.</source>
        <translation>{location} {sku}：盘点期间有库存移动。实盘 {counted}，应有 {expected}，差异 {variance}（{value}）。请选择批准、驳回或复盘。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="237" />
        <source>No variance waits for review.</source>
        <translation>没有待审核的差异。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="238" />
        <source>You counted this yourself: another supervisor must decide it.</source>
        <translation>这是您自己盘点的：需由另一位主管决定。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="239" />
        <source>{count} count tasks planned.</source>
        <translation>已计划 {count} 个盘点任务。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="240" />
        <source>Sent to recount: task {task}.</source>
        <translation>已发起复盘：任务 {task}。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="241" />
        <source>Rejected: the book stands, nothing posted.</source>
        <translation>已驳回：账面不变，未过账。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="242" />
        <source>{location} {sku}: counted {counted}, expected {expected}, variance {variance} ({value}). Choose approve, reject or recount.</source>
        <translation>{location} {sku}：实盘 {counted}，应有 {expected}，差异 {variance}（{value}）。请选择批准、驳回或复盘。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="243" />
        <source>Empty scan.</source>
        <translation>空白扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="244" />
        <source>Bad barcode: {reason}</source>
        <translation>条码有误：{reason}</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="248" />
        <source>Resumed where {name} left off: carry on, or CANCEL.</source>
        <translation>已恢复 {name} 未完成的工作：请继续，或取消。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="249" />
        <source>The database file is damaged: the scan was NOT saved.</source>
        <translation>数据库文件已损坏：本次扫描未保存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="250" />
        <source>The disk is full: the scan was NOT saved. Free space, then scan again.</source>
        <translation>磁盘已满：本次扫描未保存。请清理空间后重新扫描。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="251" />
        <source>The database is locked by another program: the scan was NOT saved.</source>
        <translation>数据库被其他程序锁定：本次扫描未保存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="252" />
        <source>The database needs an upgrade.</source>
        <translation>数据库需要升级。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="253" />
        <source>The database is read-only: the scan was NOT saved.</source>
        <translation>数据库为只读：本次扫描未保存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="254" />
        <source>The database was written by a newer station.</source>
        <translation>数据库由更新版本的工作站写入。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="255" />
        <source>The database refused the write: the scan was NOT saved.</source>
        <translation>数据库拒绝写入：本次扫描未保存。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="256" />
        <source>{name}'s badge is disabled.</source>
        <translation>{name} 的工牌已停用。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="257" />
        <source>{name}'s badge is enabled.</source>
        <translation>{name} 的工牌已启用。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="258" />
        <source>{name} is a {role}: an admin cannot give them a PIN. They choose one with a one-time enrolment code (station central enrol --badge {badge}; on a station without central: station enrol --badge {badge}).</source>
        <translation>{name} 是{role}：管理员不能为其设置 PIN。其本人须凭一次性登记码设置（station central enrol --badge {badge}；没有中心的工作站：station enrol --badge {badge}）。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="259" />
        <source>You cannot disable your own badge.</source>
        <translation>不能停用自己的工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="260" />
        <source>One-time PIN for {name}: {pin}. They choose their own at the next login.</source>
        <translation>{name} 的一次性 PIN：{pin}。下次登录时需自行设置新 PIN。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="261" />
        <source>Scan the badge of the user to manage.</source>
        <translation>请扫描要管理的用户工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="262" />
        <source>{name} ({role}){locked}. 1: issue a one-time PIN, 2: {toggle} the badge.</source>
        <translation>{name}（{role}）{locked}。1：发放一次性 PIN，2：{toggle}工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="263" />
        <source>{name} ({role}){locked}. Their PIN comes only with an enrolment code (station central enrol --badge {badge}), never from an admin. 2: {toggle} the badge.</source>
        <translation>{name}（{role}）{locked}。其 PIN 只能凭登记码设置（station central enrol --badge {badge}），管理员不能发放。2：{toggle}工牌。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="264" />
        <source>{workflow} started.</source>
        <translation>{workflow} 已开始。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="265" />
        <source>There is no workflow {workflow}.</source>
        <translation>没有名为 {workflow} 的作业。</translation>
    </message>
</context>
<context>
    <name>gs1</name>
    <message>
        <location filename="../engine_strings.py" line="337" />
        <location filename="../engine_strings.py" line="672" />
        <source>Nothing was scanned, or only a symbology identifier arrived.</source>
        <translation>没有扫到内容，或只收到码制标识。</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="338" />
        <location filename="../engine_strings.py" line="664" />
        <source>A character is not allowed in the AI's character set.</source>
        <translation>含有该 AI 不允许的字符</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="339" />
        <location filename="../engine_strings.py" line="667" />
        <source>A mod-10 check digit (GTIN, SSCC, GLN, ...) is wrong.</source>
        <translation>校验位错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="340" />
        <location filename="../engine_strings.py" line="671" />
        <source>An alphanumeric check character pair (AI 8013, 8014) is wrong.</source>
        <translation>校验字符对错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="341" />
        <location filename="../engine_strings.py" line="665" />
        <source>A date or time field is not a real calendar date or clock time.</source>
        <translation>日期或时间无效</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="342" />
        <location filename="../engine_strings.py" line="666" />
        <source>A field breaks a content rule of its AI (zero/non-zero, piece of total, ...).</source>
        <translation>字段不符合该 AI 的内容规则</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="343" />
        <location filename="../engine_strings.py" line="670" />
        <source>An EAN/UPC/ITF-14 symbol does not hold 8, 12, 13 or 14 digits.</source>
        <translation>EAN/UPC/ITF-14 位数不对（应为 8、12、13 或 14 位）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="344" />
        <location filename="../engine_strings.py" line="675" />
        <source>The data does not start with a known Application Identifier.</source>
        <translation>数据开头不是已知的应用标识符（AI）</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="345" />
        <location filename="../engine_strings.py" line="669" />
        <source>An AI's value is shorter than its format allows.</source>
        <translation>AI 的值太短</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="346" />
        <location filename="../engine_strings.py" line="668" />
        <source>An AI's value is longer than its format allows.</source>
        <translation>AI 的值太长</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="347" />
        <location filename="../engine_strings.py" line="662" />
        <source>A GS separator is missing after a variable-length value.</source>
        <translation>变长字段后缺少 GS 分隔符</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="348" />
        <location filename="../engine_strings.py" line="673" />
        <source>Separators were stripped, so the fields cannot be told apart.</source>
        <translation>分隔符被去掉，无法区分字段：请在扫描枪上开启 AIM 标识并把 FNC1 发送为 GS</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="349" />
        <location filename="../engine_strings.py" line="677" />
        <source>The same AI appears twice with different values.</source>
        <translation>同一 AI 出现两次且值不同</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="350" />
        <location filename="../engine_strings.py" line="678" />
        <source>Two AIs that must not appear together were found in one scan.</source>
        <translation>一次扫描中出现了不能同时出现的两个 AI</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="351" />
        <location filename="../engine_strings.py" line="663" />
        <source>A GS1 Digital Link URI breaks the URI syntax rules.</source>
        <translation>GS1 数字链接 URI 格式错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="352" />
        <location filename="../engine_strings.py" line="674" />
        <source>The data announced as GS1 is not GS1 element strings.</source>
        <translation>声明为 GS1 的数据不是 GS1 元素串</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="353" />
        <location filename="../engine_strings.py" line="676" />
        <source>The engine failed unexpectedly; the scan is refused.</source>
        <translation>解析意外失败，本次扫描被拒绝</translation>
    </message>
</context>
<context>
    <name>menu</name>
    <message>
        <location filename="../engine_strings.py" line="354" />
        <source>Receive goods</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="355" />
        <source>Move stock</source>
        <translation>移库</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="356" />
        <source>Pick an issue order</source>
        <translation>拣货发料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="357" />
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="358" />
        <source>Upload a scanner batch</source>
        <translation>上传扫描枪批量数据</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="359" />
        <source>Review count variances</source>
        <translation>审核盘点差异</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="360" />
        <source>Reverse a receipt line</source>
        <translation>冲销收货行</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="361" />
        <source>Users and PINs</source>
        <translation>用户与 PIN</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="362" />
        <source>Scan a printed label back</source>
        <translation>扫描复核已打印的标签</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <location filename="../engine_strings.py" line="266" />
        <source>clerk</source>
        <translation>仓管员</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="267" />
        <source>counter</source>
        <translation>盘点员</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="268" />
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="269" />
        <source>admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../engine_strings.py" line="289" />
        <source>A scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="290" />
        <source>A PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="291" />
        <source>A quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="292" />
        <source>A choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="293" />
        <source>Typed text</source>
        <translation>输入的文字</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="294" />
        <location filename="../engine_strings.py" line="302" />
        <source>An RFID read</source>
        <translation>RFID 读取</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="295" />
        <source>An item barcode</source>
        <translation>物料条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="296" />
        <source>A GS1 barcode</source>
        <translation>GS1 条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="297" />
        <source>A location barcode</source>
        <translation>库位条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="298" />
        <source>A badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="299" />
        <source>That code</source>
        <translation>该编码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="300" />
        <source>That command barcode</source>
        <translation>该命令条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="301" />
        <source>That barcode</source>
        <translation>该条码</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="303" />
        <source>blind</source>
        <translation>无单</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="304" />
        <source>open</source>
        <translation>未收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="305" />
        <source>short</source>
        <translation>短收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="306" />
        <source>complete</source>
        <translation>齐全</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="307" />
        <source>over</source>
        <translation>超收</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="308" />
        <source>quarantine</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="309" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="310" />
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="311" />
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="312" />
        <source>sent to recount</source>
        <translation>已发起复盘</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="313" />
        <source>Count correction</source>
        <translation>盘点更正</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="314" />
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="315" />
        <source>Lost or stolen</source>
        <translation>丢失或被盗</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="316" />
        <source>Misplaced</source>
        <translation>放错位置</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="317" />
        <source>Unit of measure error</source>
        <translation>计量单位错误</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="318" />
        <source>Receiving error</source>
        <translation>收货差错</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="319" />
        <source>Issue error</source>
        <translation>发料差错</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="320" />
        <source>Within tolerance</source>
        <translation>在容差内</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="321" />
        <source>Opening balance</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="322" />
        <source>Receipt</source>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="323" />
        <source>Issue</source>
        <translation>发料</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="324" />
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="325" />
        <source>Transfer</source>
        <translation>移库</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="326" />
        <source>Near expiry</source>
        <translation>临近效期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="327" />
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="328" />
        <source>Stale</source>
        <translation>呆滞</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="329" />
        <source>Below minimum</source>
        <translation>低于最低库存</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="330" />
        <source>Above maximum</source>
        <translation>高于最高库存</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="331" />
        <source>Count it</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="332" />
        <source>Promote</source>
        <translation>促销</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="333" />
        <source>Bundle</source>
        <translation>捆绑销售</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="334" />
        <source>Return to supplier</source>
        <translation>退回供应商</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="335" />
        <source>Donate</source>
        <translation>捐赠</translation>
    </message>
    <message>
        <location filename="../engine_strings.py" line="336" />
        <source>Scrap</source>
        <translation>报废</translation>
    </message>
</context>
</TS>